package io.winnow.tf.prune;

import java.util.Arrays;

/** The first-order Taylor baseline by backward elimination ({@link TaylorImportance}). */
record Taylor() implements Selector {

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        int k = width.count(g.stage());
        long start = System.nanoTime();
        int[] kept = TaylorImportance.keep(g.architecture(), g.weights(), g.group(), g.calibration(), k);
        return LayerOutcome.baseline(kept, LayerOutcome.millis(start, System.nanoTime()));
    }

    /** One elimination down to a single channel; its first k channels are the candidate at k. */
    @Override
    public Search search(GroupContext g) {
        long start = System.nanoTime();
        int[] ranking = TaylorImportance.ranking(g.architecture(), g.weights(), g.group(), g.calibration(), 1);
        return new Search(0, k -> LayerOutcome.baseline(Arrays.copyOf(ranking, k),
                LayerOutcome.millis(start, System.nanoTime())));
    }
}
