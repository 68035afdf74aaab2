package io.winnow.tf.prune;

import io.winnow.dsl.ChannelGroup;
import io.winnow.engine.select.Baselines;
import io.winnow.tf.model.FloatArray;
import io.winnow.tf.model.ModelWeights;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The magnitude baseline (Li et al. 2017): keep the channels whose filters have the largest L1 norms. */
record Magnitude() implements Selector {

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        int k = width.count(g.stage());
        long start = System.nanoTime();
        return LayerOutcome.baseline(Baselines.magnitude(l1Norms(g.weights(), g.group()), k),
                LayerOutcome.millis(start, System.nanoTime()));
    }

    /** Channels by decreasing norm (lower index first on a tie); the first k are the candidate at k. */
    @Override
    public Search search(GroupContext g) {
        long start = System.nanoTime();
        double[] norms = l1Norms(g.weights(), g.group());
        int[] ranking = IntStream.range(0, norms.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -norms[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        return new Search(0, k -> LayerOutcome.baseline(Arrays.copyOf(ranking, k),
                LayerOutcome.millis(start, System.nanoTime())));
    }

    /** L1 norm of each channel's filters, summed over the group's layers. */
    static double[] l1Norms(ModelWeights weights, ChannelGroup group) {
        double[] norms = new double[group.width()];
        for (String layer : group.layers()) {
            FloatArray kernel = weights.get(layer, ModelWeights.KERNEL);
            float[] v = kernel.values();
            for (int e = 0; e < v.length; e++) {
                norms[e % group.width()] += Math.abs(v[e]);
            }
        }
        return norms;
    }
}
