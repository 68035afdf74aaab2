package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeText;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.ModelWeights;

import static io.winnow.dsl.Recipes.*;

/**
 * The same model pruned to the same widths by each selection method, compared on test accuracy
 * before finetuning: the experiment behind docs/results.md.
 */
public final class MethodComparison {

    private MethodComparison() {
    }

    /** One method's outcome. */
    public record Row(String recipe, List<Integer> widths, double accuracyBefore, double accuracyAfterSelection,
                      long paramsAfter, double seconds) {
    }

    /** Half of every prunable layer by localImitation with each rule, and by the magnitude and random baselines. */
    public static List<Recipe> halfWidthRecipes(int calibration, long seed) {
        return List.of(
                localImitation().optimizeGamma().select(ratio(0.5)).calibration(calibration).seed(seed),
                localImitation().fixedGamma().select(ratio(0.5)).calibration(calibration).seed(seed),
                magnitude().select(ratio(0.5)).calibration(calibration).seed(seed),
                random().select(ratio(0.5)).calibration(calibration).seed(seed));
    }

    public static List<Row> run(Architecture arch, ModelWeights weights, Dataset data, List<Recipe> recipes) {
        return recipes.map(recipe -> {
            PruneJob.Outcome out = PruneJob.run(recipe.compile(arch).get(), weights, data, recipe.seedValue().getOrElse(0L));
            Architecture small = out.pruned().architecture();
            return new Row(RecipeText.expression(recipe).replaceAll("\\s*\\n\\s*", ""), small.prunableLayers().map(l -> small.widths().get(l).get()),
                    out.original().accuracy(), out.afterSelection().accuracy(), small.totalParams(), out.timings().total());
        });
    }
}
