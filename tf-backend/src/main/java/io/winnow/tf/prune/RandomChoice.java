package io.winnow.tf.prune;

import io.winnow.engine.select.Baselines;

import java.util.Arrays;

/** The random baseline: k channels of a shuffle seeded by the run's seed and the step. */
record RandomChoice() implements Baseline {

    @Override
    public int[] keep(GroupContext g, int k) {
        return Baselines.random(g.group().width(), k, seed(g));
    }

    /** The channels in the order the shuffle adds them. */
    @Override
    public int[] ranking(GroupContext g) {
        int n = g.group().width();
        // Baselines.random keeps the first k of one seeded shuffle: the same seed gives nested sets.
        int[] order = new int[n];
        int[] previous = new int[0];
        for (int k = 1; k <= n; k++) {
            int[] kept = keep(g, k);
            order[k - 1] = added(previous, kept);
            previous = kept;
        }
        return order;
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
