package io.winnow.tf.prune;

import io.vavr.collection.List;

/**
 * How a whole-model budget became one layer's width (docs/theory.md section 6), for the report.
 */
public sealed interface BudgetSearch {

    /** One width tried by the accuracy bisection and the pruned model's top-1 on the calibration split. */
    record Candidate(int width, double accuracy) {
    }

    /**
     * select(accuracyDrop(x)): the smallest width found by bisection whose pruned model keeps
     * top-1 on the calibration split at or above {@code threshold = (1 - drop) * originalAccuracy}.
     *
     * @param originalAccuracy the unpruned network's top-1 on the calibration split
     * @param candidates       every width evaluated, in the order evaluated
     * @param chosen           the width kept; the layer's full width when no smaller width passes
     */
    record AccuracyDrop(double drop, double originalAccuracy, double threshold, List<Candidate> candidates,
                        int chosen) implements BudgetSearch {
    }

    /**
     * select(flops(x)): how the whole stage's widths were planned, and what the plan reaches.
     *
     * @param by            how the widths were planned
     * @param setting       the shared ratio (baselines), or the calibration-loss rise per FLOP of the
     *                      plan's last step (greedy stages)
     * @param flopsOriginal FLOPs of the unpruned network
     * @param flopsPlanned  FLOPs of the network with every layer of the stage at its planned width
     * @param width         this layer's planned width (the count its selection runs with)
     */
    record Flops(double fraction, By by, double setting, long flopsOriginal, long flopsPlanned, int width)
            implements BudgetSearch {
    }

    /** How a flops stage plans its layers' widths. */
    enum By {
        /** Baselines: a shared fraction of each layer's width. */
        RATIO("ratio"),
        /** Greedy stages: widths lowered where the calibration loss rises least per FLOP; the setting is that price. */
        SENSITIVITY("sensitivity");

        private final String word;

        By(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
