package io.winnow.tf.prune;

import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.select.Baselines;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;

import java.util.Comparator;
import java.util.stream.IntStream;

/** The magnitude baseline (Li et al. 2017): keep the channels whose filters have the largest L1 norms. */
record Magnitude() implements Baseline {

    @Override
    public int[] keep(GroupContext g, int k) {
        return Baselines.magnitude(l1Norms(g.weights(), g.group()), k);
    }

    /** By decreasing norm, the lower index first on a tie. */
    @Override
    public int[] ranking(GroupContext g) {
        double[] norms = l1Norms(g.weights(), g.group());
        return IntStream.range(0, norms.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -norms[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
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
