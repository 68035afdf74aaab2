package io.winnow.tf.prune;

import io.winnow.engine.select.Baselines;

import java.util.Arrays;

/** The random baseline: k channels of a shuffle seeded by the run's seed and the step. */
record RandomChoice() implements Selector {

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        int k = width.count(g.stage());
        long start = System.nanoTime();
        return LayerOutcome.baseline(Baselines.random(g.group().width(), k, seed(g)),
                LayerOutcome.millis(start, System.nanoTime()));
    }

    /** The channels in the order the shuffle adds them: its k-channel choice is the first k. */
    @Override
    public Search search(GroupContext g) {
        long start = System.nanoTime();
        int n = g.group().width();
        // Baselines.random keeps the first k of one seeded shuffle: the same seed gives nested sets.
        int[] order = new int[n];
        int[] previous = new int[0];
        for (int k = 1; k <= n; k++) {
            int[] kept = Baselines.random(n, k, seed(g));
            order[k - 1] = added(previous, kept);
            previous = kept;
        }
        return new Search(0, k -> LayerOutcome.baseline(Arrays.copyOf(order, k),
                LayerOutcome.millis(start, System.nanoTime())));
    }

    private static long seed(GroupContext g) {
        return g.seed() * 31 + g.step().order();
    }

    private static int added(int[] before, int[] after) {
        for (int i : after) {
            if (Arrays.stream(before).noneMatch(j -> j == i)) {
                return i;
            }
        }
        throw new IllegalStateException("random baselines are not nested");
    }
}
