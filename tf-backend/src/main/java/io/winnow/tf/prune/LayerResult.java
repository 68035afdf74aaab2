package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.engine.select.Selection;

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
 * @param imitation   what the kept selection imitated: the layer's output (local), the network's
 *                    output (global), or nothing (a baseline)
 * @param bestOf      for bestOfLocalAndGlobal, both candidates' global discrepancies and the winner
 * @param budget      how a whole-model budget (accuracyDrop, flops) chose the width; empty for the others
 */
public record LayerResult(int order, List<String> layers, String stage, int widthBefore, int widthAfter,
                          int[] kept, double[] multipliers, io.vavr.control.Option<Selection> selection,
                          long gramMillis, long selectMillis, Imitation imitation,
                          io.vavr.control.Option<Comparison> bestOf, io.vavr.control.Option<BudgetSearch> budget) {

    /** A local-imitation or baseline record. */
    public LayerResult(int order, List<String> layers, String stage, int widthBefore, int widthAfter, int[] kept,
                       double[] multipliers, io.vavr.control.Option<Selection> selection, long gramMillis,
                       long selectMillis) {
        this(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, gramMillis, selectMillis,
                selection.isDefined() ? Imitation.LOCAL : Imitation.NONE, io.vavr.control.Option.none(),
                io.vavr.control.Option.none());
    }

    /** What a greedy selection imitated (method.md section 2). */
    public enum Imitation {
        LOCAL("local"), GLOBAL("global"), NONE("none");

        private final String word;

        Imitation(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * bestOfLocalAndGlobal's choice: L_glob (docs/theory.md section 5) of the local and the global
     * candidate on the calibration split, measured by the same graph, and the one kept (local on a tie).
     */
    public record Comparison(double localLoss, double globalLoss, Imitation winner) {
    }

    /** The same record with another imitation and comparison. */
    public LayerResult with(String otherStage, Imitation otherImitation, io.vavr.control.Option<Comparison> comparison,
                            long otherGramMillis, long otherSelectMillis) {
        return new LayerResult(order, layers, otherStage, widthBefore, widthAfter, kept, multipliers, selection,
                otherGramMillis, otherSelectMillis, otherImitation, comparison, budget);
    }

    /** The same record with the budget search that chose its width. */
    public LayerResult withBudget(BudgetSearch search) {
        return new LayerResult(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, gramMillis,
                selectMillis, imitation, bestOf, io.vavr.control.Option.some(search));
    }
}
