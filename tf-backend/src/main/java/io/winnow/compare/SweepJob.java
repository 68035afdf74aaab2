package io.winnow.compare;

import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.Recipes;
import io.winnow.dsl.Step;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;

/**
 * One point of a sweep: a recipe, optionally with every selection budget replaced by a FLOPs
 * target, and a seed. Running it ({@link Sweep#run}) depends on nothing else but the model and the
 * data, so the points of a sweep can run anywhere, in any order, and be skipped once done.
 *
 * @param name   how tables and plots name the recipe (its file name without .recipe)
 * @param source where the recipe came from, as reports record it
 * @param recipe the recipe as written
 * @param flops  the FLOPs fraction that replaces every stage's budget, or none to keep them
 * @param seed   the run's seed
 */
public record SweepJob(String name, String source, Recipe recipe, Optional<Double> flops, long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The recipe that runs: every {@code select(...)} replaced by {@code select(flops(x))} when a target is set. */
    public Recipe effectiveRecipe() {
        if (flops.isEmpty()) {
            return recipe;
        }
        double fraction = flops.get();
        return recipe.withSteps(recipe.steps().map(s -> s instanceof Step.Select ? new Step.Select(Recipes.flops(fraction)) : s));
    }

    /** The budget column: "flops(0.3)", or "as written". */
    public String budget() {
        return flops.map(f -> String.format(Locale.ROOT, "flops(%s)", trim(f))).orElse("as written");
    }

    /** Identifies the point across runs of the sweep: the effective recipe's hash, the budget and the seed. */
    public String key() {
        return RecipeText.hash(effectiveRecipe()) + " " + budget() + " seed " + seed;
    }

    private static String trim(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** A job travels to a cluster's workers as plain values: the recipe as its canonical text. */
    private Object writeReplace() {
        return new Wire(name, source, RecipeText.print(recipe), flops.orElse(null), seed);
    }

    private record Wire(String name, String source, String recipe, Double flops, long seed) implements Serializable {

        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            Recipe parsed = RecipeText.parse(recipe, source).map(d -> d.recipe()).getOrElseThrow(problems ->
                    new IllegalStateException(source + ": the canonical text of the recipe does not parse: " + problems));
            return new SweepJob(name, source, parsed, Optional.ofNullable(flops), seed);
        }
    }
}
