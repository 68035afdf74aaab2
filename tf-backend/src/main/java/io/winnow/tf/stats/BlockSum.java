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
import org.tensorflow.types.TFloat64;

/**
 * The patch formulation's last step for a large consumer, as float64 products in TensorFlow
 * (docs/theory.md section 1): G_ij = sum_{p,q} (X^T X)[(p,i),(q,j)] (W W^T)[(p,i),(q,j)], i.e. W W^T
 * as one product, the Hadamard product with X^T X, and the sum over the offset pairs (p, q) as a
 * reduction of the [P, C, P, C] view.
 */
final class BlockSum {

    private BlockSum() {
    }

    /**
     * Adds the block sum into the upper triangle of {@code g} (C x C, row-major).
     *
     * @param xtx  X^T X, (P*C) x (P*C), row-major, features in (offset, channel) order
     * @param w    the consumer's weights, (P*C) x out, row-major
     */
    static void add(int channels, int offsets, int out, float[] w, double[] xtx, double[] g) {
        int features = offsets * channels;
        double[] weights = new double[w.length];
        for (int e = 0; e < w.length; e++) {
            weights[e] = w[e];
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat64> wd = tf.placeholder(TFloat64.class);
            Placeholder<TFloat64> x = tf.placeholder(TFloat64.class);
            Operand<TFloat64> ww = tf.linalg.matMul(wd, wd, MatMul.transposeB(true));
            Operand<TFloat64> blocks = tf.reshape(tf.math.mul(x, ww),
                    tf.constant(new long[]{offsets, channels, offsets, channels}));
            Operand<TFloat64> sum = tf.reduceSum(blocks, tf.constant(new int[]{0, 2}));
            try (Session session = PlainSession.open(graph);
                 TFloat64 wt = TFloat64.tensorOf(Shape.of(features, out), DataBuffers.of(weights, true, false));
                 TFloat64 xt = TFloat64.tensorOf(Shape.of(features, features), DataBuffers.of(xtx, true, false));
                 Result result = session.runner().feed(wd, wt).feed(x, xt).fetch(sum).run()) {
                double[] values = new double[channels * channels];
                ((TFloat64) result.get(0)).copyTo(DataBuffers.of(values, false, false));
                for (int i = 0; i < channels; i++) {
                    for (int j = i; j < channels; j++) {
                        g[i * channels + j] += values[i * channels + j];
                    }
                }
            }
        }
    }
}
