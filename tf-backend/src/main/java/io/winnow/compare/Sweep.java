package io.winnow.compare;

import io.vavr.collection.List;
import io.winnow.PruneResult;
import io.winnow.Winnow;
import io.winnow.WinnowModel;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeText;
import io.winnow.report.PruneReport;
import io.winnow.tf.data.Dataset;
import java.util.Optional;

/** A grid of recipes, FLOPs targets and seeds, and how one point of it runs. */
public final class Sweep {

    private Sweep() {
    }

    /** A named recipe as read from a file. */
    public record NamedRecipe(String name, String source, Recipe recipe) {
    }

    /**
     * Every recipe at every FLOPs target (or once, as written, when there are none), each with
     * seeds 1..{@code seeds}: recipe-major, then budget, then seed.
     */
    public static List<SweepJob> grid(List<NamedRecipe> recipes, List<Double> flops, int seeds) {
        List<Optional<Double>> budgets = flops.isEmpty() ? List.of(Optional.empty()) : flops.map(Optional::of);
        return recipes.flatMap(r -> budgets.flatMap(b -> List.rangeClosed(1, seeds)
                .map(seed -> new SweepJob(r.name(), r.source(), r.recipe(), b, seed))));
    }

    /** Runs one point: a pure function of the job, the model and the data. Failures become failed points. */
    public static SweepPoint run(SweepJob job, WinnowModel model, Dataset data) {
        Recipe recipe = job.effectiveRecipe();
        var compiled = recipe.compile(model.architecture());
        if (compiled.isLeft()) {
            return SweepPoint.failure(job, compiled.getLeft().map(Object::toString).mkString("; "));
        }
        Plan plan = compiled.get();
        PruneResult result;
        try {
            result = Winnow.prune(plan, model, data, job.seed(), job.source());
        } catch (RuntimeException e) {
            return SweepPoint.failure(job, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        PruneReport report = result.report();
        var run = result.run();
        double[] original = report.latency().map(l -> new double[] {l.original().batch1Ms(), l.original().batch256Ms()})
                .orElse(new double[2]);
        double[] pruned = report.latency().map(l -> new double[] {l.pruned().batch1Ms(), l.pruned().batch256Ms()})
                .orElse(new double[2]);
        return new SweepPoint(job.key(), job.name(), RecipeText.hash(recipe), job.budget(), job.seed(), Optional.empty(),
                model.architecture().totalParams(), result.architecture().totalParams(),
                model.architecture().totalFlops(), result.architecture().totalFlops(), run.original().accuracy(),
                run.afterSelection().accuracy(), run.afterFinetune().map(e -> e.accuracy()).toJavaOptional(),
                original, pruned, run.timings().selection(), run.timings().total(), result.checksPassed());
    }
}
