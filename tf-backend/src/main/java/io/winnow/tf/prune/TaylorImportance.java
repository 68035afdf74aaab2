package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.select.Baselines;
import io.winnow.engine.model.Surgery;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The first-order Taylor baseline (Molchanov et al. 2017, docs/theory.md section 2), by backward
 * elimination: score every channel, drop the least important, rescore on the narrowed network,
 * until the width is reached (docs/theory.md section 5).
 *
 * <p>Importance of channel i: |dC/dalpha_i| / samples, where C is the cross-entropy summed over the
 * calibration split and alpha_i a scale on channel i wherever the group's consumers read it, which
 * is where removal cuts it (in a residual group, in every layer of the group at once). For a layer
 * whose output only its consumers read, this is |sum over samples and positions of z_i * dC/dz_i| /
 * samples with z what the consumers read.
 */
final class TaylorImportance {

    /** Channels dropped per elimination round: this fraction of those remaining, at least one. */
    static final double CHUNK = 0.1;
    /** Calibration samples per gradient pass. */
    static final int BATCH = 250;

    private TaylorImportance() {
    }

    /** The k channels backward elimination keeps, ascending. */
    static int[] keep(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration, int k) {
        int[] kept = Arrays.copyOf(ranking(arch, weights, group, calibration, k), k);
        Arrays.sort(kept);
        return kept;
    }

    /**
     * Every channel, most important first: the {@code downTo} channels left at the end (by their last
     * scores), then the eliminated ones in reverse order of removal. The first k of it are what
     * elimination down to k keeps, for every k >= downTo.
     */
    static int[] ranking(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration, int downTo) {
        int n = group.width();
        int[] remaining = java.util.stream.IntStream.range(0, n).toArray();
        int[] removed = new int[n];
        int removedCount = 0;
        double[] scores = scores(arch, weights, group, calibration);
        while (remaining.length > downTo) {
            int drop = Math.min(remaining.length - downTo, Math.max(1, (int) (CHUNK * remaining.length)));
            // Baselines.taylor keeps the highest scores; the rest of this round's keep go now.
            int[] keepLocal = Baselines.taylor(scores, remaining.length - drop);
            boolean[] stays = new boolean[remaining.length];
            for (int j : keepLocal) {
                stays[j] = true;
            }
            Integer[] leaving = java.util.stream.IntStream.range(0, remaining.length).filter(j -> !stays[j]).boxed()
                    .toArray(Integer[]::new);
            double[] s = scores;
            Arrays.sort(leaving, java.util.Comparator.<Integer>comparingDouble(j -> s[j]).thenComparingInt(j -> j));
            for (int j : leaving) {
                removed[removedCount++] = remaining[j];
            }
            int[] next = new int[keepLocal.length];
            for (int j = 0; j < keepLocal.length; j++) {
                next[j] = remaining[keepLocal[j]];
            }
            remaining = next;
            if (remaining.length > downTo) {
                Surgery.Pruned pruned = Surgery.prune(arch, weights, group, remaining, ones(remaining.length));
                scores = scores(pruned.architecture(), pruned.weights(),
                        pruned.architecture().groupOf(group.layers().head()), calibration);
            } else {
                double[] last = scores;
                int[] rest = keepLocal;
                scores = new double[rest.length];
                for (int j = 0; j < rest.length; j++) {
                    scores[j] = last[rest[j]];
                }
            }
        }
        int[] order = new int[n];
        int[] top = Baselines.taylor(scores, remaining.length);
        double[] last = scores;
        Integer[] byScore = Arrays.stream(top).boxed().toArray(Integer[]::new);
        Arrays.sort(byScore, java.util.Comparator.<Integer>comparingDouble(j -> -last[j]).thenComparingInt(j -> j));
        int at = 0;
        for (int j : byScore) {
            order[at++] = remaining[j];
        }
        for (int r = removedCount - 1; r >= 0; r--) {
            order[at++] = removed[r];
        }
        return order;
    }

    /**
     * Taylor importance of every channel of the group on this network, in the group's current numbering:
     * |dC/dalpha_i| / samples, with alpha_i a scale on channel i where every consumer of the group reads
     * it. A consumer is linear in what it reads, so scaling channel i of its input is scaling its kernel's
     * input-channel-i slice: dC/dalpha_i = sum over consumers of sum_{kernel entries of channel i} W * dC/dW.
     * Taking the gradient at the consumers' kernels, not at the tensors they read, counts each path once:
     * in a residual group a tensor the consumers read also feeds the add (docs/theory.md section 6).
     */
    static double[] scores(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration) {
        int channels = group.width();
        List<Layer> consumers = LayerStatistics.consumers(arch, group);
        double[] total = new double[channels];
        try (Model model = Model.build(arch, weights)) {
            Ops tf = model.ops().withSubScope("taylor");
            int classes = arch.classes();
            Placeholder<TFloat32> labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
            Operand<TFloat32> loss = tf.reduceSum(tf.nn.softmaxCrossEntropyWithLogits(model.logitsOutput(), labels).loss(),
                    tf.constant(0));
            java.util.List<Operand<TFloat32>> kernels = new ArrayList<>();
            for (Layer consumer : consumers) {
                kernels.add(model.kernels().get(consumer.name() + "/" + ModelWeights.KERNEL).get());
            }
            var gradients = tf.gradients(loss, kernels);
            java.util.List<Operand<TFloat32>> perChannel = new ArrayList<>();
            for (int i = 0; i < kernels.size(); i++) {
                // Conv kernels [kh, kw, C, out] and dense kernels over a flattened NHWC map [P * C, out]
                // (feature p*C + c is channel c) both reshape to [-1, C, out].
                Operand<TFloat32> product = tf.math.mul(kernels.get(i), gradients.<TFloat32>dy(i));
                perChannel.add(tf.reduceSum(tf.reshape(product, tf.constant(new long[] {-1, channels, kernelOutputs(
                        weights, consumers.get(i))})), tf.constant(new int[] {0, 2})));
            }
            Session session = model.session();
            for (int from = 0; from < calibration.size(); from += BATCH) {
                Split batch = calibration.slice(from, Math.min(calibration.size(), from + BATCH));
                float[] oneHot = new float[batch.size() * classes];
                for (int s = 0; s < batch.size(); s++) {
                    oneHot[s * classes + batch.y()[s]] = 1;
                }
                try (TFloat32 x = model.batch(batch.x(), batch.size());
                     TFloat32 y = TFloat32.tensorOf(Shape.of(batch.size(), classes), DataBuffers.of(oneHot, true, false))) {
                    Session.Runner runner = session.runner().feed(model.input(), x).feed(labels, y);
                    perChannel.forEach(runner::fetch);
                    try (Result result = runner.run()) {
                        for (int i = 0; i < perChannel.size(); i++) {
                            float[] v = new float[channels];
                            ((TFloat32) result.get(i)).copyTo(DataBuffers.of(v, false, false));
                            for (int c = 0; c < channels; c++) {
                                total[c] += v[c];
                            }
                        }
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            total[c] = Math.abs(total[c]) / calibration.size();
        }
        return total;
    }

    private static long kernelOutputs(ModelWeights weights, Layer consumer) {
        FloatArray kernel = weights.get(consumer.name(), ModelWeights.KERNEL);
        return kernel.dim(kernel.rank() - 1);
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }
}
