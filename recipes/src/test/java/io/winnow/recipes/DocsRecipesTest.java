package io.winnow.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ```recipe block of docs/recipes.md, and of every other page of docs/, reads without diagnostics.
 * A block starting with winnow-recipe is a whole file; any other block is a bare chain and gets the header line.
 */
class DocsRecipesTest {

    private static java.util.List<String> recipeBlocks() {
        return recipeBlocks("recipes.md");
    }

    private static java.util.List<String> recipeBlocks(String page) {
        String doc = RecipeFiles.read(RecipeFiles.repositoryRoot().resolve(Path.of("docs", page)));
        java.util.List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : doc.split("\n", -1)) {
            if (block == null && line.strip().equals("```recipe")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().equals("```")) {
                // A block inside a list item is indented; without the final newline the last line counts.
                blocks.add(block.toString().stripTrailing().stripIndent() + "\n");
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void theReferenceHasAnExampleForEveryPart() {
        assertThat(recipeBlocks()).hasSizeGreaterThanOrEqualTo(10);
    }

    @TestFactory
    Stream<DynamicTest> everyRecipeBlockReadsWithoutDiagnostics() {
        java.util.List<String> blocks = recipeBlocks();
        return java.util.stream.IntStream.range(0, blocks.size()).mapToObj(i -> DynamicTest.dynamicTest(
                "block " + (i + 1), () -> readsWithoutDiagnostics(blocks.get(i), "docs/recipes.md block " + (i + 1))));
    }

    /** A whole recipe file as it stands, a bare chain with the header line added. */
    private static void readsWithoutDiagnostics(String block, String where) {
        String file = block.startsWith("winnow-recipe") ? block : "winnow-recipe 3\n" + block;
        Either<List<Diagnostic>, RecipeDocument> read = RecipeText.parse(file, where);
        assertThat(read.isLeft() ? read.getLeft().mkString("\n") : "").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyRecipeBlockOfTheOtherPagesReadsWithoutDiagnostics() throws java.io.IOException {
        java.util.List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> pages = java.nio.file.Files.list(RecipeFiles.repositoryRoot().resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String name = page.getFileName().toString();
                if (name.equals("recipes.md")) {
                    continue;
                }
                java.util.List<String> blocks = recipeBlocks(name);
                for (int i = 0; i < blocks.size(); i++) {
                    String block = blocks.get(i);
                    String where = "docs/" + name + " block " + (i + 1);
                    tests.add(DynamicTest.dynamicTest(where, () -> readsWithoutDiagnostics(block, where)));
                }
            }
        }
        assertThat(tests).as("recipe blocks outside docs/recipes.md").isNotEmpty();
        return tests.stream();
    }
}
