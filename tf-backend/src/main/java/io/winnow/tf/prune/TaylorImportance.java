package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Forward;
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

import java.util.Arrays;

/**
 * The first-order Taylor baseline (Molchanov et al. 2017, docs/theory.md section 2), by backward
 * elimination: score every channel, drop the least important, rescore on the narrowed network,
 * until the width is reached (docs/theory.md section 6).
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
     * it. The scale is put into the graph literally (a second inference pass on the same variables whose
     * consumers read their input times alpha, fed alpha = 1) and the gradient is taken in alpha itself.
     * Only the consumers' reads are scaled, so in a residual group the add, which reads the same tensor,
     * is not: each path counts once (docs/theory.md section 6).
     *
     * <p>Not W * dC/dW at the consumers' kernels, which is the same number: a kernel gradient of the 1x1
     * stride-2 projection conv of a residual block (resnet-small's block2_proj and block3_proj) runs
     * oneDNN's jit_avx512_common_1x1_convolution_bwd_weights, which corrupts the native heap in TF Java
     * 1.1.0 ("double free or corruption", the JVM dies) when the forward pass is the inference one. The
     * gradient in alpha needs no kernel gradient at all, only gradients of activations.
     */
    static double[] scores(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration) {
        int channels = group.width();
        List<String> consumers = LayerStatistics.consumers(arch, group).map(Layer::name);
        double[] total = new double[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        try (Model model = Model.forInference(arch, weights);
             TFloat32 unscaled = TFloat32.tensorOf(Shape.of(channels), DataBuffers.of(ones, true, false))) {
            Ops tf = model.ops().withSubScope("taylor");
            int classes = arch.classes();
            Placeholder<TFloat32> alpha = tf.withName("alpha").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(channels)));
            Placeholder<TFloat32> labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
            Forward scaled = model.inferenceWith("taylor_scaled", (layer, x) -> consumers.contains(layer.name())
                    ? scaleChannels(tf, arch, layer, x, alpha, channels) : x);
            Operand<TFloat32> loss = tf.reduceSum(tf.nn.softmaxCrossEntropyWithLogits(
                    scaled.output(arch.classifier().name()), labels).loss(), tf.constant(0));
            Operand<TFloat32> gradient = tf.gradients(loss, java.util.List.of(alpha)).dy(0);
            for (int from = 0; from < calibration.size(); from += BATCH) {
                Split batch = calibration.slice(from, Math.min(calibration.size(), from + BATCH));
                float[] oneHot = new float[batch.size() * classes];
                for (int s = 0; s < batch.size(); s++) {
                    oneHot[s * classes + batch.y()[s]] = 1;
                }
                try (TFloat32 x = model.batch(batch.x(), batch.size());
                     TFloat32 y = TFloat32.tensorOf(Shape.of(batch.size(), classes), DataBuffers.of(oneHot, true, false));
                     Result result = model.runner().feed(model.input(), x).feed(labels, y).feed(alpha, unscaled)
                             .fetch(gradient).run()) {
                    float[] v = new float[channels];
                    ((TFloat32) result.get(0)).copyTo(DataBuffers.of(v, false, false));
                    for (int c = 0; c < channels; c++) {
                        total[c] += v[c];
                    }
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            total[c] = Math.abs(total[c]) / calibration.size();
        }
        return total;
    }

    /**
     * What a consumer reads with channel c of the group times alpha_c. An image (NHWC, a conv's input)
     * has the channel last; a dense consumer reads a flattened NHWC map of P positions, feature p*C + c,
     * or a pooled vector (P = 1), so [-1, C] rows of it are one position each.
     */
    private static Operand<TFloat32> scaleChannels(Ops tf, Architecture arch, Layer consumer, Operand<TFloat32> x,
                                                   Operand<TFloat32> alpha, int channels) {
        if (arch.shapeOf(consumer.input()) instanceof io.winnow.dsl.network.Shape.Image) {
            return tf.math.mul(x, alpha);
        }
        long features = arch.shapeOf(consumer.input()).size();
        Operand<TFloat32> perPosition = tf.reshape(x, tf.constant(new long[] {-1, channels}));
        return tf.reshape(tf.math.mul(perPosition, alpha), tf.constant(new long[] {-1, features}));
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }
}
