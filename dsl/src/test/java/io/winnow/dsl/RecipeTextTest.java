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
            winnow-recipe 1
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
        RecipeDocument doc = read("winnow-recipe 1\nname \"a \\\"b\\\"\"\ndescription \"c\\td\"\nrandom().select(1)\n");

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
                winnow-recipe 1
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
        assertThat(read("winnow-recipe 1\nlocalImitation().select(1).finetune(2, lr(1), distill(4))").recipe())
                .isEqualTo(localImitation().select(1).finetune(2, lr(1), distill(4)));
    }

    @Test
    void clipReadsAndPrintsAsTheJavaValue() {
        Recipe java = localImitation().optimizeGamma().select(4).finetune(1, lr(0.01), clip(1));
        Recipe read = read("winnow-recipe 1\nlocalImitation().optimizeGamma().select(4).finetune(1, lr(0.01), clip(1.0))").recipe();
        assertThat(read).isEqualTo(java);
        assertThat(RecipeText.print(read)).contains("clip(1.0)");
        assertThat(read(RecipeText.print(read)).recipe()).isEqualTo(java);
    }

    @Test
    void theSmallestIntAndTheExtremeLongsAreRead() {
        Recipe recipe = read("winnow-recipe 1\nrandom().select(1).seed(-9223372036854775808L)").recipe();

        assertThat(recipe.seedValue()).isEqualTo(Option.some(Long.MIN_VALUE));
        assertThat(RecipeText.print(recipe)).contains("seed(-9223372036854775808L)");
    }

    @Test
    void theCanonicalTextPutsEachStageAndRecipeLevelStepOnItsOwnLine() {
        assertThat(RecipeText.print(read(HALF_CNN))).isEqualTo("""
                winnow-recipe 1
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
                        winnow-recipe 1

                        taylor().select(5)
                            .seed(3000000000L)
                            .finetune(2, lr(1.0e-4))
                        """);
    }

    @Test
    void formattingKeepsEveryComment() {
        String messy = """
                # before the header
                winnow-recipe 1   # the version
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
                winnow-recipe 1
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
        String messy = "winnow-recipe 1\nlocalImitation( # a\n ).select( # b\n 3) # c\n# d\n.verify()\n# e\n";
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
        String other = "winnow-recipe 1\nname \"x\"\ndescription \"y\"\n# z\n" + HALF_CNN.lines()
                .filter(l -> !l.startsWith("winnow") && !l.startsWith("name") && !l.startsWith("#"))
                .map(String::strip).reduce("", String::concat);

        assertThat(RecipeText.hash(read(other).recipe())).isEqualTo(RecipeText.hash(read(HALF_CNN).recipe()));
    }

    @Test
    void theHashIsTheSha256OfTheCanonicalText() throws Exception {
        Recipe recipe = random().select(1);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("winnow-recipe 1\n\nrandom().select(1)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

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
        assertThat(read("winnow-recipe 1\r\nrandom()\r\n  .select(1)\r\n").recipe()).isEqualTo(random().select(1));
    }
}
