package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.tf.select.Selection;

/**
 * What pruning one channel group did, for the report and the certificates.
 *
 * @param order       position in the plan
 * @param layers      the group's layers (several when tied by residual adds)
 * @param stage       e.g. {@code localImitation/optimizeGamma}
 * @param widthBefore N
 * @param widthAfter  channels kept
 * @param kept        the kept channels, ascending, in the original numbering of the layer
 * @param multipliers c_i = N a_i folded into the consumers for each kept channel (1 for baselines)
 * @param selection   the greedy run (empty for baselines): losses, gamma, r_k, D_k per step
 * @param gramMillis  time spent gathering statistics
 * @param selectMillis time spent selecting
 * @param budget      how a whole-model budget (accuracyDrop, flops) chose the width; empty for the others
 */
public record LayerResult(int order, List<String> layers, String stage, int widthBefore, int widthAfter,
                          int[] kept, double[] multipliers, io.vavr.control.Option<Selection> selection,
                          long gramMillis, long selectMillis, io.vavr.control.Option<BudgetSearch> budget) {

    public LayerResult(int order, List<String> layers, String stage, int widthBefore, int widthAfter, int[] kept,
                       double[] multipliers, io.vavr.control.Option<Selection> selection, long gramMillis,
                       long selectMillis) {
        this(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, gramMillis, selectMillis,
                io.vavr.control.Option.none());
    }

    /** The same record with the budget search that chose its width. */
    public LayerResult withBudget(BudgetSearch search) {
        return new LayerResult(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, gramMillis,
                selectMillis, io.vavr.control.Option.some(search));
    }
}
