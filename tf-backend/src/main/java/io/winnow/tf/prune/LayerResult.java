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
 */
public record LayerResult(int order, List<String> layers, String stage, int widthBefore, int widthAfter,
                          int[] kept, double[] multipliers, io.vavr.control.Option<Selection> selection,
                          long gramMillis, long selectMillis) {
}
