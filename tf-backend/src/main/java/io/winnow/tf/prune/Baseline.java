package io.winnow.tf.prune;

import java.util.Arrays;

/**
 * A baseline (docs/theory.md section 2): it ranks channels by a score, keeps k of them with multiplier 1
 * and imitates nothing, so it needs a count and has no discrepancy to hold to a tolerance.
 */
interface Baseline extends Selector {

    /** The k channels this baseline keeps, in any order. */
    int[] keep(GroupContext g, int k);

    /** Every channel, the one kept first first: the first k are accuracyDrop's candidate at k. */
    int[] ranking(GroupContext g);

    @Override
    default LayerOutcome select(GroupContext g, Width width) {
        int k = width.count(g.stage());
        long start = System.nanoTime();
        return LayerOutcome.baseline(keep(g, k), LayerOutcome.millis(start, System.nanoTime()));
    }

    @Override
    default Search search(GroupContext g) {
        long start = System.nanoTime();
        int[] ranking = ranking(g);
        return new Search(0, k -> LayerOutcome.baseline(Arrays.copyOf(ranking, k),
                LayerOutcome.millis(start, System.nanoTime())));
    }
}
