package io.winnow.dsl;

import io.winnow.dsl.network.Architectures;
import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.text.SourcePosition;
import org.junit.jupiter.api.Test;

class RecipeTextTest {

    private static final String HALF_CNN = """
            winnow-recipe 3
            name "half-cnn"
            # keep half of every conv layer
            localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
                .globalImitation().select(64).layers("fc*")
                .finetune(3, lr(0.01), distill(4.0))
                .seed(42)
            """;

    private static RecipeDocument read(String text) {
        return RecipeText.parse(text, "t.recipe").getOrElseThrow(d -> new AssertionError(d.mkString("\n")));
    }

    @Test
    void aFileReadsAsTheRecipeTheSameJavaChainBuilds() {
        Recipe java = localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
                .globalImitation().select(64).layers("fc*")
                .finetune(3, lr(0.01), distill(4.0))
                .seed(42);

        assertThat(read(HALF_CNN).recipe()).isEqualTo(java);
    }

    @Test
    void nameAndDescriptionAreRead() {
        RecipeDocument doc = read("winnow-recipe 3\nname \"a \\\"b\\\"\"\ndescription \"c\\td\"\nrandom().select(1)\n");

        assertThat(doc.name()).isEqualTo(Option.some("a \"b\""));
        assertThat(doc.description()).isEqualTo(Option.some("c\td"));
    }

    @Test
    void everyWordOfTheLanguageIsRead() {
        Recipe java = bestOfLocalAndGlobal().fixedGamma().select(count(8)).target(originalActivations())
                .exceptLayers("logits").finetuneEachLayer(0.5, batchSize(32))
                .magnitude().select(flops(0.5)).layers("a", "b*").align(8).correctBias()
                .taylor().select(tolerance(0.05))
                .random().select(accuracyDrop(0.01))
                .localImitation().target(sameInput()).select(2)
                .globalImitation().select(3)
                .calibration(256).verify().seed(-7L).finetune(1);
        String text = """
                winnow-recipe 3
                bestOfLocalAndGlobal().fixedGamma().select(count(8)).target(originalActivations())
                  .exceptLayers("logits").finetuneEachLayer(.5, batchSize(32))
                  .magnitude().select(flops(5e-1)).layers("a", "b*").align(8).correctBias()
                  .taylor().select(tolerance(0.05d))
                  .random().select(accuracyDrop(1_0E-3))
                  .localImitation().target(sameInput()).select(2)
                  .globalImitation().select(3)
                  .calibration(256).verify().seed(-7L).finetune(1)
                """;

        assertThat(read(text).recipe()).isEqualTo(java);
    }

    @Test
    void intLiteralsAreAcceptedWhereJavaWidensThemToDouble() {
        assertThat(read("winnow-recipe 3\nlocalImitation().select(1).finetune(2, lr(1), distill(4))").recipe())
                .isEqualTo(localImitation().select(1).finetune(2, lr(1), distill(4)));
    }

    @Test
    void clipReadsAndPrintsAsTheJavaValue() {
        Recipe java = localImitation().optimizeGamma().select(4).finetune(1, lr(0.01), clip(1));
        Recipe read = read("winnow-recipe 3\nlocalImitation().optimizeGamma().select(4).finetune(1, lr(0.01), clip(1.0))").recipe();
        assertThat(read).isEqualTo(java);
        assertThat(RecipeText.print(read)).contains("clip(1.0)");
        assertThat(read(RecipeText.print(read)).recipe()).isEqualTo(java);
    }

    @Test
    void theSmallestIntAndTheExtremeLongsAreRead() {
        Recipe recipe = read("winnow-recipe 3\nrandom().select(1).seed(-9223372036854775808L)").recipe();

        assertThat(recipe.seedValue()).isEqualTo(Option.some(Long.MIN_VALUE));
        assertThat(RecipeText.print(recipe)).contains("seed(-9223372036854775808L)");
    }

    @Test
    void theCanonicalTextPutsEachStageAndRecipeLevelStepOnItsOwnLine() {
        assertThat(RecipeText.print(read(HALF_CNN))).isEqualTo("""
                winnow-recipe 3
                name "half-cnn"

                # keep half of every conv layer
                localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
                    .globalImitation().select(64).layers("fc*")
                    .finetune(3, lr(0.01), distill(4.0))
                    .seed(42)
                """);
    }

    @Test
    void aRecipeAlonePrintsAsTheHeaderAndTheChain() {
        assertThat(RecipeText.print(taylor().select(count(5)).seed(3_000_000_000L).finetune(2, lr(1e-4))))
                .isEqualTo("""
                        winnow-recipe 3

                        taylor().select(5)
                            .seed(3000000000L)
                            .finetune(2, lr(1.0e-4))
                        """);
    }

    @Test
    void formattingKeepsEveryComment() {
        String messy = """
                # before the header
                winnow-recipe 3   # the version
                name "c"
                # about the chain
                localImitation() # the first stage
                  .select(ratio(0.5))
                  # why global
                  .globalImitation().select(64).layers(
                      "fc*" # only dense
                  )
                  .finetune(3)
                # after everything
                """;

        assertThat(RecipeText.print(read(messy))).isEqualTo("""
                winnow-recipe 3
                name "c"

                # before the header
                # the version
                # about the chain
                localImitation() # the first stage
                    .select(ratio(0.5))
                    # why global
                    .globalImitation().select(64).layers("fc*") # only dense
                    .finetune(3)
                # after everything
                """);
    }

    @Test
    void formattingTwiceGivesTheSameText() {
        String messy = "winnow-recipe 3\nlocalImitation( # a\n ).select( # b\n 3) # c\n# d\n.verify()\n# e\n";
        String once = RecipeText.print(read(messy));

        assertThat(RecipeText.print(read(once))).isEqualTo(once);
        assertThat(once).contains("localImitation() # a\n    .select(3) # b # c\n    # d\n    .verify()\n# e\n");
    }

    @Test
    void eachStepKnowsWhereItWasWritten() {
        RecipeDocument doc = read(HALF_CNN);

        assertThat(doc.positionOf(0)).isEqualTo(new SourcePosition(4, 1));
        assertThat(doc.positionOf(4)).isEqualTo(new SourcePosition(5, 6));
        assertThat(doc.positionOf(7)).isEqualTo(new SourcePosition(6, 6));
    }

    @Test
    void aProblemIsLocatedAtItsStep() {
        RecipeDocument doc = read(HALF_CNN);

        assertThat(doc.locate(Problem.at(7, "too wide")).toString()).isEqualTo("t.recipe:6:6: error: too wide");
        assertThat(doc.locate(Problem.whole("whole")).toString()).isEqualTo("t.recipe:4:1: error: whole");
    }

    @Test
    void compilingAFileGivesThePlan() {
        assertThat(RecipeText.compile(HALF_CNN, "t.recipe", Architectures.byName("cnn").get()).isRight()).isTrue();
    }

    @Test
    void theHashIgnoresNameDescriptionCommentsAndLayout() {
        String other = "winnow-recipe 3\nname \"x\"\ndescription \"y\"\n# z\n" + HALF_CNN.lines()
                .filter(l -> !l.startsWith("winnow") && !l.startsWith("name") && !l.startsWith("#"))
                .map(String::strip).reduce("", String::concat);

        assertThat(RecipeText.hash(read(other).recipe())).isEqualTo(RecipeText.hash(read(HALF_CNN).recipe()));
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalText() throws Exception {
        Recipe recipe = random().select(1);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("winnow-recipe 3\n\nrandom().select(1)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(RecipeText.hash(recipe)).isEqualTo(java.util.HexFormat.of().formatHex(digest));
    }

    @Test
    void differentRecipesHaveDifferentHashes() {
        assertThat(RecipeText.hash(random().select(1))).isNotEqualTo(RecipeText.hash(random().select(2)));
    }

    @Test
    void theExpressionIsTheChainWithoutHeader() {
        assertThat(RecipeText.expression(localImitation().select(2).verify()))
                .isEqualTo("localImitation().select(2)\n    .verify()");
    }

    @Test
    void stringsPrintWithJavaEscapes() {
        RecipeDocument doc = RecipeDocument.of(random().select(1)).withName("a\"b\\c\n\u0001é");
        String text = RecipeText.print(doc);

        assertThat(text).contains("name \"a\\\"b\\\\c\\n\\u0001é\"");
        assertThat(RecipeText.parse(text, "s").get().name()).isEqualTo(doc.name());
    }

    @Test
    void windowsLineEndsAreRead() {
        assertThat(read("winnow-recipe 3\r\nrandom()\r\n  .select(1)\r\n").recipe()).isEqualTo(random().select(1));
    }

    // ---- versions ----

    private static final String V1_FILE = """
            winnow-recipe 1
            name "cnn-local"

            localImitation().optimizeGamma().select(ratio(0.5))
                .magnitude().select(4).layers("fc1")
                .finetune(1, lr(0.01), distill(4.0))
                .seed(42)
            """;

    @Test
    void aVersionOneFileKeepsItsTextHashAndMeaning() throws Exception {
        Recipe v1 = read(V1_FILE).recipe();

        assertThat(v1.version()).isEqualTo(1);
        assertThat(RecipeText.print(read(V1_FILE))).isEqualTo(V1_FILE);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                RecipeText.print(v1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(RecipeText.print(v1)).startsWith("winnow-recipe 1\n");
        assertThat(RecipeText.hash(v1)).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        // Version 1 never corrected biases unless told; local imitation of version 2 does, by a shift;
        // local imitation of version 3 by a scale and a shift.
        assertThat(v1.stages()).extracting(StageSpec::correctBias).containsExactly(false, false);
        Recipe v2 = read(V1_FILE.replace("winnow-recipe 1", "winnow-recipe 2")).recipe();
        Recipe v3 = read(V1_FILE.replace("winnow-recipe 1", "winnow-recipe 3")).recipe();
        assertThat(v2.steps()).isEqualTo(v1.steps()).isEqualTo(v3.steps());
        assertThat(v2).isNotEqualTo(v1).isNotEqualTo(v3);
        assertThat(java.util.Set.of(RecipeText.hash(v1), RecipeText.hash(v2), RecipeText.hash(v3))).hasSize(3);
        assertThat(v2.stages()).extracting(StageSpec::correctBias).containsExactly(true, false);
        assertThat(v2.stages()).extracting(StageSpec::correctScale).containsExactly(false, false);
        assertThat(v3.stages()).extracting(StageSpec::correctBias).containsExactly(true, false);
        assertThat(v3.stages()).extracting(StageSpec::correctScale).containsExactly(true, false);
    }

    @Test
    void aVersionTwoFileKeepsItsTextHashAndShiftAloneCorrection() {
        String v2Text = V1_FILE.replace("winnow-recipe 1", "winnow-recipe 2");
        Recipe v2 = read(v2Text).recipe();

        assertThat(v2.version()).isEqualTo(2);
        assertThat(RecipeText.print(read(v2Text))).isEqualTo(v2Text);
        assertThat(RecipeText.print(v2)).startsWith("winnow-recipe 2\n");
        assertThat(v2.stages()).extracting(StageSpec::correctScale).containsExactly(false, false);
        // A version-2 file that asks for the scale gets it.
        Recipe asked = read("winnow-recipe 2\nlocalImitation().select(2).correctScale()").recipe();
        assertThat(asked.stages().head().correctScale()).isTrue();
        assertThat(RecipeText.print(asked)).startsWith("winnow-recipe 2\n");
    }

    @Test
    void aJavaRecipeIsWrittenInTheCurrentVersionAndCorrectsLocalImitationByAScaleAndAShift() {
        Recipe java = localImitation().select(2).globalImitation().select(3).taylor().select(4)
                .bestOfLocalAndGlobal().select(5);

        assertThat(java.version()).isEqualTo(Recipe.CURRENT_VERSION).isEqualTo(RecipeText.VERSION).isEqualTo(3);
        assertThat(RecipeText.print(java)).startsWith("winnow-recipe 3\n");
        assertThat(java.stages()).extracting(StageSpec::correctBias).containsExactly(true, false, false, false);
        assertThat(java.stages()).extracting(StageSpec::correctScale).containsExactly(true, false, false, false);
        // A baseline that asks for the correction gets the shift alone unless it asks for the scale too.
        assertThat(taylor().select(2).correctBias().stages().head().correctScale()).isFalse();
        assertThat(taylor().select(2).correctScale().stages().head().correctBias()).isTrue();
    }

    @Test
    void correctBiasFalseTurnsTheDefaultOffAndReadsAndPrintsAsInJava() {
        Recipe java = localImitation().select(2).correctBias(false).taylor().select(3).correctBias(true);
        String text = "winnow-recipe 3\n\nlocalImitation().select(2).correctBias(false)\n    .taylor().select(3).correctBias()\n";

        assertThat(RecipeText.print(java)).isEqualTo(text);
        assertThat(read(text).recipe()).isEqualTo(java);
        assertThat(read(text.replace("correctBias()", "correctBias(true)")).recipe()).isEqualTo(java);
        assertThat(java.stages()).extracting(StageSpec::correctBias).containsExactly(false, true);
        // correctBias(false) turns the whole correction off, the scale that version 3 adds by default included.
        assertThat(java.stages()).extracting(StageSpec::correctScale).containsExactly(false, false);
        assertThat(RecipeText.expression(java)).contains(".correctBias(false)");
    }

    @Test
    void correctScaleFalseKeepsTheShiftAloneAndReadsAndPrintsAsInJava() {
        Recipe java = localImitation().select(2).correctScale(false).localImitation().select(3).correctBias();
        String text = "winnow-recipe 3\n\nlocalImitation().select(2).correctScale(false)\n    .localImitation().select(3).correctBias()\n";

        assertThat(RecipeText.print(java)).isEqualTo(text);
        assertThat(read(text).recipe()).isEqualTo(java);
        assertThat(java.stages()).extracting(StageSpec::correctBias).containsExactly(true, true);
        assertThat(java.stages()).extracting(StageSpec::correctScale).containsExactly(false, true);
        // The order of the two switches within a stage does not matter.
        assertThat(localImitation().correctBias().correctScale(false).select(2).stages().head().correctScale()).isFalse();
    }

    @Test
    void aRecipeKeepsItsVersionThroughEveryFluentCallAndWithSteps() {
        Recipe v1 = read("winnow-recipe 1\nlocalImitation().select(2)").recipe();
        Recipe v2 = read("winnow-recipe 2\nlocalImitation().select(2)").recipe();

        assertThat(v1.finetune(1).seed(3).version()).isEqualTo(1);
        assertThat(v1.withSteps(v1.steps().append(new Step.Verify())).version()).isEqualTo(1);
        assertThat(v1.withSteps(v1.steps()).stages().head().correctBias()).isFalse();
        assertThat(v2.finetune(1).version()).isEqualTo(2);
        assertThat(v2.finetune(1).stages().head().correctScale()).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Recipe.of(4, List.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("versions 1 to 3");
    }

    @Test
    void upgradingAVersionOneFileWritesOutWhatItsDefaultsMeantAndKeepsItsComments() {
        RecipeDocument v1 = read("""
                winnow-recipe 1
                name "two stages"
                # header comment
                localImitation().select(ratio(0.5)) # the convs
                    .localImitation().select(4).correctBias().layers("fc1")
                    .taylor().select(2)
                    # before the finetune
                    .finetune(1)
                """);

        assertThat(RecipeText.print(RecipeText.upgrade(v1))).isEqualTo("""
                winnow-recipe 3
                name "two stages"

                # header comment
                localImitation().select(ratio(0.5)) # the convs
                    .correctBias(false)
                    .localImitation().select(4).correctBias().layers("fc1").correctScale(false)
                    .taylor().select(2)
                    # before the finetune
                    .finetune(1)
                """);
        assertThat(RecipeText.upgrade(v1).recipe().stages()).extracting(StageSpec::correctBias)
                .containsExactly(false, true, false);
        assertThat(RecipeText.upgrade(v1).recipe().stages()).extracting(StageSpec::correctScale)
                .containsExactly(false, false, false);
    }

    @Test
    void upgradingAVersionTwoFileKeepsItsLocalImitationToTheShiftAlone() {
        RecipeDocument v2 = read("""
                winnow-recipe 2
                localImitation().select(ratio(0.5)).exceptLayers("fc*")
                    .localImitation().select(4).correctScale()
                    .localImitation().select(3).correctBias(false)
                    .taylor().select(2).correctBias()
                """);

        assertThat(RecipeText.print(RecipeText.upgrade(v2))).isEqualTo("""
                winnow-recipe 3

                localImitation().select(ratio(0.5)).exceptLayers("fc*").correctScale(false)
                    .localImitation().select(4).correctScale()
                    .localImitation().select(3).correctBias(false)
                    .taylor().select(2).correctBias()
                """);
        assertThat(RecipeText.upgrade(v2).recipe().stages()).extracting(StageSpec::correctScale)
                .containsExactly(false, true, false, false);
        assertThat(RecipeText.upgrade(v2).recipe().stages()).extracting(StageSpec::correctBias)
                .containsExactly(true, true, false, true);
    }
}
