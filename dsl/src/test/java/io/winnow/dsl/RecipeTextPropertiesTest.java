package io.winnow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class RecipeTextPropertiesTest {

    private static final String RECIPE_CHARS = "abcdeflmnorstx()., \n\t#\"\\-_0123456789eELu";

    @Provide
    Arbitrary<Recipe> recipes() {
        return RecipeGenerator.recipes();
    }

    @Property(tries = 300)
    void everyRecipeReadsBackFromItsCanonicalText(@ForAll("recipes") Recipe recipe) {
        Either<List<Diagnostic>, RecipeDocument> read = RecipeText.parse(RecipeText.print(recipe), "r.recipe");

        assertThat(read.isRight()).as("%s", read).isTrue();
        assertThat(read.get().recipe()).isEqualTo(recipe);
    }

    @Property(tries = 300)
    void printingAParsedRecipeAgainChangesNothing(@ForAll("recipes") Recipe recipe) {
        String once = RecipeText.print(recipe);
        String twice = RecipeText.print(RecipeText.parse(once, "r.recipe").get());

        assertThat(twice).isEqualTo(once);
    }

    /** What a recipe does: its stages' settings (not where they were written) and its recipe-level steps. */
    private static List<Object> meaning(Recipe r) {
        return List.<Object>ofAll(r.stages().map(s -> List.of(s.method(), s.rule(), s.budget(), s.layers(), s.exceptLayers(),
                        s.target(), s.alignment(), s.finetuneEachLayer(), s.correctBias(), s.correctScale())))
                .append(r.calibrationSamples()).append(r.finetuneStep()).append(r.verifies()).append(r.seedValue());
    }

    @Property(tries = 500)
    void upgradingKeepsWhatARecipeDoesAndReadsBack(@ForAll("recipes") Recipe recipe) {
        RecipeDocument doc = RecipeText.parse(RecipeText.print(recipe), "r.recipe").get();
        RecipeDocument upgraded = RecipeText.upgrade(doc);

        assertThat(upgraded.recipe().version()).isEqualTo(Recipe.CURRENT_VERSION);
        assertThat(upgraded.recipe().problems()).isEmpty();
        assertThat(meaning(upgraded.recipe())).isEqualTo(meaning(recipe));
        assertThat(RecipeText.parse(RecipeText.print(upgraded), "u.recipe").get().recipe()).isEqualTo(upgraded.recipe());
        if (recipe.version() == Recipe.CURRENT_VERSION) {
            assertThat(upgraded).isSameAs(doc);
        }
    }

    @Property(tries = 200)
    void theHashIsAFunctionOfTheRecipeAlone(@ForAll("recipes") Recipe recipe) {
        RecipeDocument named = RecipeText.parse(RecipeText.print(recipe), "r.recipe").get().withName("other");

        assertThat(RecipeText.hash(named.recipe())).isEqualTo(RecipeText.hash(recipe)).hasSize(64);
    }

    @Property(tries = 500)
    void arbitraryTextGivesARecipeOrDiagnosticsNeverAnException(@ForAll @StringLength(max = 200) String text) {
        assertReadsCleanly(text);
    }

    @Property(tries = 500)
    void arbitraryTextAfterAHeaderGivesARecipeOrDiagnostics(@ForAll("recipeLikeText") String text) {
        assertReadsCleanly("winnow-recipe 1\n" + text);
    }

    @Property(tries = 1000)
    void mutatedRecipeTextGivesARecipeOrDiagnosticsNeverAnException(@ForAll("recipes") Recipe recipe,
                                                                      @ForAll long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(RecipeText.print(recipe));
        int mutations = 1 + random.nextInt(5);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(text.length() + 1);
            char c = RECIPE_CHARS.charAt(random.nextInt(RECIPE_CHARS.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                default -> text.setCharAt(Math.min(at, text.length() - 1), c);
            }
        }
        assertReadsCleanly(text.toString());
    }

    @Provide
    Arbitrary<String> recipeLikeText() {
        Arbitrary<String> pieces = Arbitraries.of("localImitation", "select", "ratio", "finetune", "lr", "layers",
                "seed", "(", ")", ".", ",", "-", "\"conv*\"", "\"", "64", "0.5", "1e-3", "9999999999", "1e400", "L",
                "#", "\n", " ", "name \"x\"", "winnow-recipe 1", "optimiseGamma", "((((", "\\u0041");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void assertReadsCleanly(String text) {
        Either<List<Diagnostic>, RecipeDocument> read = RecipeText.parse(text, "f.recipe");
        if (read.isLeft()) {
            int lines = text.split("\r\n|\r|\n", -1).length;
            assertThat(read.getLeft()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.line()).isBetween(1, lines);
                assertThat(d.column()).isPositive();
                assertThat(d.toString()).startsWith("f.recipe:" + d.line() + ":" + d.column() + ": error: ");
            });
        } else {
            assertThat(read.get().recipe().problems()).isEmpty();
            assertThat(RecipeText.parse(RecipeText.print(read.get()), "f.recipe").map(RecipeDocument::recipe))
                    .isEqualTo(Either.right(read.get().recipe()));
        }
    }
}
