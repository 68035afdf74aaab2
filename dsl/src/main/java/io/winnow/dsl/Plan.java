package io.winnow.dsl;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Shape;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * A recipe compiled against an architecture: every decision resolved before anything runs.
 * Which layers each stage prunes, in which order, to which width where the budget fixes it, and
 * what that does to parameters and FLOPs. {@link #explain()} prints it like SQL's EXPLAIN.
 *
 * @param recipe       the recipe compiled
 * @param architecture the network it was compiled against
 * @param steps        the pruning work in execution order: stages in recipe order, each from input to output
 * @param layers       every layer in execution order with its estimated cost before and after
 */
public record Plan(Recipe recipe, Architecture architecture, List<PruneStep> steps, List<LayerPlan> layers) {

    /**
     * One unit of pruning work: a stage selecting the neurons of one channel group (one layer, or
     * several tied by residual adds).
     *
     * @param order 0-based position in the run
     * @param stage the stage doing it, with its rule, budget, target and per-layer finetune
     * @param group the layers whose channels are selected together
     * @param width the width after selection when the budget fixes it (count, ratio); else decided while running
     */
    public record PruneStep(int order, StageSpec stage, ChannelGroup group, Option<Integer> width) {
        public PruneStep {
            if (stage.budget().isEmpty()) {
                throw new IllegalArgumentException("stage " + (stage.index() + 1) + " (" + stage.method().word()
                        + ") has no budget: only a recipe without problems compiles to prune steps");
            }
        }

        /** The stage's budget, which every prune step has (checked on construction), so callers need no Option. */
        public Budget budget() {
            return stage.budget().get();
        }
    }

    /**
     * One layer of the network with its estimated cost. "After" values are empty where they depend
     * on a width the budget only decides while running (flops, tolerance, accuracyDrop).
     */
    public record LayerPlan(String layer, String kind, Shape outputBefore, Option<Shape> outputAfter,
                            long paramsBefore, Option<Long> paramsAfter, long flopsBefore, Option<Long> flopsAfter,
                            Option<Integer> step, String note) {
    }

    public long paramsBefore() {
        return layers.map(LayerPlan::paramsBefore).sum().longValue();
    }

    public long flopsBefore() {
        return layers.map(LayerPlan::flopsBefore).sum().longValue();
    }

    /** Total parameters after pruning, when every width is known before running. */
    public Option<Long> paramsAfter() {
        return sumIfKnown(layers.map(LayerPlan::paramsAfter));
    }

    /** Total FLOPs after pruning, when every width is known before running. */
    public Option<Long> flopsAfter() {
        return sumIfKnown(layers.map(LayerPlan::flopsAfter));
    }

    private static Option<Long> sumIfKnown(List<Option<Long>> values) {
        return values.exists(Option::isEmpty) ? Option.none() : Option.some(values.map(Option::get).sum().longValue());
    }

    public int calibrationSamples() {
        return recipe.calibrationSamples();
    }

    /** The plan as a table: stages, then every layer with widths, params and FLOPs before and after. */
    public String explain() {
        return PlanTable.render(this);
    }
}
