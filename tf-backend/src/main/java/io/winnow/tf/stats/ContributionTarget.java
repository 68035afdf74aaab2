package io.winnow.tf.stats;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

import java.util.List;

/**
 * The target terms of local imitation when y* is the original network's own output of the consumers
 * (target(originalActivations()), docs/theory.md section 2; docs/theory.md section 5), accumulated over
 * calibration batches alongside {@link ContributionGram}.
 *
 * <p>With X_p the features the consumers read in the pruned network, X_o the same features in the
 * original network and W the consumers' (current) weights, phi_i = X_p[:, (., i)] W[(., i), :] and
 * y* = X_o W, summed over consumers. Per batch, in the graph: Y = X_o W, Z = X_p^T Y (features x out)
 * and ||Y||^2; then, in double precision,
 * <pre>
 *   b_i = <y*, phi_i> = sum_{p, o} Z[(p,i), o] W[(p,i), o],     ||y*||^2 = sum ||Y||^2.
 * </pre>
 * N copies of anything are never formed; the cross term X_o^T X_p is folded into Z.
 */
public final class ContributionTarget implements AutoCloseable {

    private final int channels;
    private final List<ContributionGram.Consumer> consumers;
    private final double[][] z;
    private double normSq;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32>[] pruned;
    private final Placeholder<TFloat32>[] original;
    private final Operand<TFloat32>[] cross;
    private final Operand<TFloat32>[] norms;

    @SuppressWarnings("unchecked")
    public ContributionTarget(int channels, List<ContributionGram.Consumer> consumers) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a layer whose channels nobody reads has no contributions");
        }
        this.channels = channels;
        this.consumers = List.copyOf(consumers);
        int count = consumers.size();
        this.z = new double[count][];
        this.pruned = new Placeholder[count];
        this.original = new Placeholder[count];
        this.cross = new Operand[count];
        this.norms = new Operand[count];
        Ops tf = Ops.create(graph);
        for (int k = 0; k < count; k++) {
            ContributionGram.Consumer c = consumers.get(k);
            int features = features(c);
            int out = c.outputs();
            z[k] = new double[features * out];
            pruned[k] = placeholder(tf, c, features);
            original[k] = placeholder(tf, c, features);
            Operand<TFloat32> w = tf.constant(Shape.of(features, out), DataBuffers.of(c.weights(), true, false));
            Operand<TFloat32> y = tf.linalg.matMul(rows(tf, c, original[k], features), w);
            cross[k] = tf.linalg.matMul(rows(tf, c, pruned[k], features), y, MatMul.transposeA(true));
            norms[k] = tf.reduceSum(tf.math.square(y), tf.constant(new int[] {0, 1}));
        }
        session = PlainSession.open(graph);
    }

    private Placeholder<TFloat32> placeholder(Ops tf, ContributionGram.Consumer c, int features) {
        return c instanceof ContributionGram.Consumer.Conv
                ? tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)))
                : tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, features)));
    }

    /** The input as rows of features: a convolution's input patches, a dense layer's input as it is. */
    private static Operand<TFloat32> rows(Ops tf, ContributionGram.Consumer c, Operand<TFloat32> input, int features) {
        if (c instanceof ContributionGram.Consumer.Conv conv) {
            List<Long> size = List.of(1L, (long) conv.kernel(), (long) conv.kernel(), 1L);
            List<Long> stride = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
            Operand<TFloat32> patches = tf.image.extractImagePatches(input, size, stride, List.of(1L, 1L, 1L, 1L),
                    conv.padding().name());
            return tf.reshape(patches, tf.constant(new long[] {-1, features}));
        }
        return input;
    }

    private int features(ContributionGram.Consumer c) {
        if (c instanceof ContributionGram.Consumer.Conv conv) {
            return conv.kernel() * conv.kernel() * channels;
        }
        return ((ContributionGram.Consumer.Dense) c).offsets() * channels;
    }

    /**
     * Adds one calibration batch: for each consumer, the tensor it reads in the pruned network and the
     * same tensor in the original network (same samples, same shape). The caller keeps ownership.
     */
    public void add(List<TFloat32> prunedInputs, List<TFloat32> originalInputs) {
        if (prunedInputs.size() != consumers.size() || originalInputs.size() != consumers.size()) {
            throw new IllegalArgumentException("expected " + consumers.size() + " inputs of each network");
        }
        Session.Runner runner = session.runner();
        for (int k = 0; k < consumers.size(); k++) {
            runner.feed(pruned[k], prunedInputs.get(k)).feed(original[k], originalInputs.get(k));
            runner.fetch(cross[k]).fetch(norms[k]);
        }
        try (Result result = runner.run()) {
            for (int k = 0; k < consumers.size(); k++) {
                float[] values = new float[z[k].length];
                ((TFloat32) result.get(2 * k)).copyTo(DataBuffers.of(values, false, false));
                for (int e = 0; e < values.length; e++) {
                    z[k][e] += values[e];
                }
                normSq += ((TFloat32) result.get(2 * k + 1)).getFloat();
            }
        }
    }

    /** b_i = <y*, phi_i> for every channel i, in double precision. */
    public double[] inner() {
        double[] b = new double[channels];
        for (int k = 0; k < consumers.size(); k++) {
            ContributionGram.Consumer c = consumers.get(k);
            float[] w = c.weights();
            int out = c.outputs();
            int features = features(c);
            for (int f = 0; f < features; f++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += z[k][f * out + o] * w[f * out + o];
                }
                b[f % channels] += s;
            }
        }
        return b;
    }

    /** ||y*||^2. */
    public double normSq() {
        return normSq;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
