package io.winnow.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every *.recipe file of this folder reads cleanly, formats to itself, equals its Java chain and compiles. */
class RecipeFilesTest {

    private static final Pattern ARCH = Pattern.compile("(?m)^# arch: (\\S+)\\s*$");

    private static RecipeDocument document(Path file) {
        Either<List<Diagnostic>, RecipeDocument> read = RecipeText.parse(RecipeFiles.read(file), file.getFileName().toString());
        assertThat(read.isRight()).as("%s", read.isLeft() ? read.getLeft().mkString("\n") : "").isTrue();
        return read.get();
    }

    private static Stream<DynamicTest> forEachFile(String what, ThrowingCheck check) {
        return RecipeFiles.recipeFiles().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName() + " " + what, () -> check.accept(file)));
    }

    @FunctionalInterface
    private interface ThrowingCheck {
        void accept(Path file) throws Exception;
    }

    @Test
    void theFolderHoldsAtLeastSixRecipes() {
        assertThat(RecipeFiles.recipeFiles()).hasSizeGreaterThanOrEqualTo(6);
    }

    @TestFactory
    Stream<DynamicTest> everyFileReadsWithoutDiagnostics() {
        return forEachFile("reads without diagnostics", RecipeFilesTest::document);
    }

    @TestFactory
    Stream<DynamicTest> formattingEveryFileIsStableAndKeepsItsComments() {
        return forEachFile("formats stably, keeping its comments", file -> {
            String formatted = RecipeText.print(document(file));
            assertThat(RecipeText.print(RecipeText.parse(formatted, "formatted").get())).isEqualTo(formatted);
            RecipeFiles.read(file).lines().filter(l -> l.contains("#"))
                    .map(l -> l.substring(l.indexOf('#')))
                    .forEach(comment -> assertThat(formatted).contains(comment));
        });
    }

    @Test
    void filesWithoutCountAreAlreadyInCanonicalForm() {
        RecipeFiles.recipeFiles().stream().filter(f -> !RecipeFiles.read(f).contains("count("))
                .forEach(file -> assertThat(RecipeText.print(document(file))).as("%s", file).isEqualTo(RecipeFiles.read(file)));
    }

    @TestFactory
    Stream<DynamicTest> everyRecipeReadsBackFromItsCanonicalText() {
        return forEachFile("reads back from its canonical text", file -> {
            RecipeDocument doc = document(file);
            assertThat(RecipeText.parse(RecipeText.print(doc.recipe()), "again").get().recipe()).isEqualTo(doc.recipe());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyFileBuildsTheRecipeItsChainBuildsInJava() {
        return forEachFile("equals its chain compiled as Java", file -> {
            String chain = RecipeFiles.javaChain(RecipeFiles.read(file));
            RecipeDocument doc = document(file);
            // Java writes the current version; a file of an older one means its chain under that version's defaults.
            assertThat(doc.recipe().version()).as("%s is in the current recipe version", file)
                    .isEqualTo(io.winnow.dsl.Recipe.CURRENT_VERSION);
            assertThat(JavaChain.evaluate(chain)).isEqualTo(doc.recipe());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyFileCompilesAgainstItsArchitecture() {
        return forEachFile("compiles against its # arch", file -> {
            String text = RecipeFiles.read(file);
            Matcher arch = ARCH.matcher(text);
            assertThat(arch.find()).as("a '# arch: NAME' line in %s", file).isTrue();
            Architecture architecture = Architectures.byName(arch.group(1))
                    .getOrElseThrow(() -> new AssertionError("unknown architecture " + arch.group(1)));
            Either<List<Diagnostic>, ?> plan = RecipeText.compile(text, file.getFileName().toString(), architecture);
            assertThat(plan.isRight()).as("%s", plan.isLeft() ? plan.getLeft().mkString("\n") : "").isTrue();
        });
    }

    @Test
    void theFilesTogetherUseEveryWord() {
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (Path file : RecipeFiles.recipeFiles()) {
            String text = RecipeFiles.javaChain(RecipeFiles.read(file));
            Matcher word = Pattern.compile("([A-Za-z]+)\\s*\\(").matcher(text);
            while (word.find()) {
                used.add(word.group(1));
            }
        }
        java.util.Set<String> words = new java.util.TreeSet<>(java.util.List.of("localImitation", "globalImitation",
                "bestOfLocalAndGlobal", "magnitude", "taylor", "random", "optimizeGamma", "fixedGamma", "select", "count",
                "ratio", "flops", "tolerance", "accuracyDrop", "layers", "exceptLayers", "target", "sameInput", "correctBias",
                "originalActivations", "calibration", "finetune", "finetuneEachLayer", "lr", "distill", "batchSize",
                "verify", "seed"));

        assertThat(used).containsAll(words);
        assertThat(RecipeFiles.recipeFiles().stream().anyMatch(f -> RecipeFiles.javaChain(RecipeFiles.read(f))
                .matches("(?s).*select\\(\\d+\\).*"))).as("select(int)").isTrue();
    }

    @Test
    void javaChainsWithCommentsRemovedStillHoldTheirStrings() {
        assertThat(RecipeFiles.javaChain("winnow-recipe 1\nname \"#x\"\nrandom().layers(\"a#b\") # c\n"))
                .isEqualTo("random().layers(\"a#b\") \n");
    }
}
