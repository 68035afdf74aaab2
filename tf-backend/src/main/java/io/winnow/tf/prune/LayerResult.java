package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.model.BiasShift;
import io.winnow.engine.select.Selection;

/**
 * What pruning one channel group did, for the report and the certificates: where (the plan step),
 * what its selector decided, and how a whole-model budget chose the width.
 *
 * @param order       position in the plan
 * @param layers      the group's layers (several when tied by residual adds)
 * @param stage       e.g. {@code localImitation/optimizeGamma}
 * @param widthBefore N
 * @param outcome     the selector's decision: mixing, greedy run, imitation, bestOf comparison, timings
 * @param budget      how a whole-model budget (accuracyDrop, flops) chose the width; empty for the others
 * @param biasShifts  what {@code correctBias()} added to the biases of the layers reading the group after it
 *                    was cut; empty without it
 */
public record LayerResult(int order, List<String> layers, String stage, int widthBefore, LayerOutcome outcome,
                          Option<BudgetSearch> budget, List<BiasShift> biasShifts) {

    static LayerResult of(GroupContext g, LayerOutcome outcome, Option<BudgetSearch> budget) {
        return new LayerResult(g.step().order(), g.group().layers(), g.stage().label(), g.group().width(), outcome,
                budget, List.empty());
    }

    /** The same layer with the bias corrections made after it. */
    LayerResult withBiasShifts(List<BiasShift> shifts) {
        return new LayerResult(order, layers, stage, widthBefore, outcome, budget, shifts);
    }

    /** The kept channels, ascending in the layer's original numbering, and their multipliers c_i. */
    public Mixing mixing() {
        return outcome.mixing();
    }

    /** Channels kept. */
    public int widthAfter() {
        return outcome.mixing().size();
    }

    public Option<Selection> selection() {
        return outcome.selection();
    }

    public Imitation imitation() {
        return outcome.imitation();
    }

    public Option<Comparison> bestOf() {
        return outcome.bestOf();
    }

    public long gramMillis() {
        return outcome.gramMillis();
    }

    public long selectMillis() {
        return outcome.selectMillis();
    }

    /** What a greedy selection imitated (docs/theory.md section 2). */
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
}
