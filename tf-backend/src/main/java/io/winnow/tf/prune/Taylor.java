package io.winnow.tf.prune;

/** The first-order Taylor baseline by backward elimination ({@link TaylorImportance}). */
record Taylor() implements Baseline {

    @Override
    public int[] keep(GroupContext g, int k) {
        return TaylorImportance.keep(g.architecture(), g.weights(), g.group(), g.calibration(), k);
    }

    /** One elimination down to a single channel. */
    @Override
    public int[] ranking(GroupContext g) {
        return TaylorImportance.ranking(g.architecture(), g.weights(), g.group(), g.calibration(), 1);
    }
}
