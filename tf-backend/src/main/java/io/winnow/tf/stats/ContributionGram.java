package io.winnow.tf.stats;

import io.winnow.engine.select.Gram;
import io.winnow.dsl.network.Padding;
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
 * The Gram matrix G of one layer's neuron contributions, accumulated over calibration batches
 * without ever materialising the N per-neuron copies of the next layer's output (docs/theory.md
 * section 1; docs/theory.md section 1).
 *
 * <p>Every consumer (a Dense or Conv2D layer reading the channels) sees its input through
 * "features" indexed by (offset p, channel c): a Dense layer over a flattened image has one
 * offset per pixel, a Dense layer over a vector one offset, a convolution one offset per kernel
 * tap (its input patches). With X the (rows x P*C) matrix of those features and W the (P*C x out)
 * weights, channel i contributes phi_i[row, o] = sum_p X[row, (p,i)] W[(p,i), o], so
 * <pre>
 *   G_ij = sum_{p,q} (X^T X)[(p,i),(q,j)] * (W W^T)[(p,i),(q,j)],
 * </pre>
 * summed over consumers. For a Dense consumer with one offset this is (A^T A) o (W W^T). Only
 * X^T X is accumulated per batch (in a TensorFlow graph, float32 per batch, double across
 * batches); the Hadamard product and block sums are done once, in double precision.
 */
public final class ContributionGram implements AutoCloseable {

    /** A layer reading the channels: its input layout and its weights. */
    public sealed interface Consumer {

        /** Weights as (P*C) x out, row-major, rows in (offset, channel) order. */
        float[] weights();

        int outputs();

        /** Dense layer over a vector of P*C features laid out offset-major ((p * C) + c, as NHWC flattens). */
        record Dense(int offsets, int outputs, float[] weights) implements Consumer {
        }

        /** Conv2D layer; weights are the kernel [k, k, C, out] flattened (the same order as its input patches). */
        record Conv(int kernel, int stride, Padding padding, int outputs, float[] weights) implements Consumer {
        }
    }

    private final int channels;
    private final List<Consumer> consumers;
    private final double[][] xtx;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32>[] inputs;
    private final Operand<TFloat32>[] products;
    private long samples;
    private long dimension;

    @SuppressWarnings("unchecked")
    public ContributionGram(int channels, List<Consumer> consumers) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a layer whose channels nobody reads has no contributions");
        }
        this.channels = channels;
        this.consumers = List.copyOf(consumers);
        this.xtx = new double[consumers.size()][];
        this.inputs = new Placeholder[consumers.size()];
        this.products = new Operand[consumers.size()];
        Ops tf = Ops.create(graph);
        for (int k = 0; k < consumers.size(); k++) {
            Consumer c = consumers.get(k);
            int features = features(c);
            xtx[k] = new double[features * features];
            Operand<TFloat32> x;
            if (c instanceof Consumer.Conv conv) {
                inputs[k] = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)));
                List<Long> size = List.of(1L, (long) conv.kernel(), (long) conv.kernel(), 1L);
                List<Long> stride = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
                Operand<TFloat32> patches = tf.image.extractImagePatches(inputs[k], size, stride,
                        List.of(1L, 1L, 1L, 1L), conv.padding().name());
                x = tf.reshape(patches, tf.constant(new long[]{-1, features}));
            } else {
                inputs[k] = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, features)));
                x = inputs[k];
            }
            products[k] = tf.linalg.matMul(x, x, MatMul.transposeA(true));
        }
        session = new Session(graph);
    }

    private int features(Consumer c) {
        if (c instanceof Consumer.Conv conv) {
            return conv.kernel() * conv.kernel() * channels;
        }
        return ((Consumer.Dense) c).offsets() * channels;
    }

    /**
     * Adds one calibration batch: for each consumer, in the order given, the tensor it reads
     * (NHWC for a convolution, batch x features for a dense layer). The caller keeps ownership.
     */
    public void add(List<TFloat32> consumerInputs) {
        if (consumerInputs.size() != consumers.size()) {
            throw new IllegalArgumentException("expected " + consumers.size() + " inputs, got " + consumerInputs.size());
        }
        Session.Runner runner = session.runner();
        for (int k = 0; k < consumers.size(); k++) {
            runner.feed(inputs[k], consumerInputs.get(k));
            runner.fetch(products[k]);
        }
        try (Result result = runner.run()) {
            for (int k = 0; k < consumers.size(); k++) {
                TFloat32 product = (TFloat32) result.get(k);
                float[] values = new float[xtx[k].length];
                product.copyTo(DataBuffers.of(values, false, false));
                for (int e = 0; e < values.length; e++) {
                    xtx[k][e] += values[e];
                }
            }
        }
        long batch = consumerInputs.get(0).shape().get(0);
        samples += batch;
        for (int k = 0; k < consumers.size(); k++) {
            Consumer c = consumers.get(k);
            if (c instanceof Consumer.Conv conv) {
                Shape s = consumerInputs.get(k).shape();
                long h = conv.padding().outputSize((int) s.get(1), conv.kernel(), conv.stride());
                long w = conv.padding().outputSize((int) s.get(2), conv.kernel(), conv.stride());
                dimension += batch * h * w * conv.outputs();
            } else {
                dimension += batch * c.outputs();
            }
        }
    }

    /** Calibration samples added so far. */
    public long samples() {
        return samples;
    }

    /** m, the length of each phi_i: every output coordinate of every consumer, over the samples added. */
    public long dimension() {
        return dimension;
    }

    /** G (N x N, row-major), in double precision. */
    public double[] gram() {
        int n = channels;
        double[] g = new double[n * n];
        for (int k = 0; k < consumers.size(); k++) {
            Consumer c = consumers.get(k);
            int features = features(c);
            float[] w = c.weights();
            int out = c.outputs();
            double[] m = xtx[k];
            for (int fp = 0; fp < features; fp++) {
                int i = fp % n;
                for (int fq = fp; fq < features; fq++) {
                    double x = m[fp * features + fq];
                    if (x == 0) {
                        continue;
                    }
                    double ww = 0;
                    int a = fp * out;
                    int b = fq * out;
                    for (int o = 0; o < out; o++) {
                        ww += (double) w[a + o] * w[b + o];
                    }
                    int j = fq % n;
                    double v = x * ww;
                    g[i * n + j] += v;
                    if (fq != fp) {
                        g[j * n + i] += v;
                    }
                }
            }
        }
        return g;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
