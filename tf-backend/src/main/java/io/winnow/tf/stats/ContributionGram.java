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
import org.tensorflow.types.TInt64;

import java.util.ArrayList;
import java.util.List;

/**
 * The Gram matrix G of one layer's neuron contributions, accumulated over calibration batches
 * without ever materialising the N per-neuron copies of the next layer's whole output
 * (docs/theory.md section 1).
 *
 * <p>Every consumer (a Dense or Conv2D layer reading the channels) sees its input through
 * "features" indexed by (offset p, channel c): a Dense layer over a flattened image has one
 * offset per pixel, a Dense layer over a vector one offset, a convolution one offset per kernel
 * tap (its input patches). With X the (rows x P*C) matrix of those features and W the (P*C x out)
 * weights, channel i contributes phi_i[row, o] = sum_p X[row, (p,i)] W[(p,i), o], so
 * <pre>
 *   G_ij = sum_{p,q} (X^T X)[(p,i),(q,j)] * (W W^T)[(p,i),(q,j)],
 * </pre>
 * summed over consumers. For a Dense consumer with one offset this is (A^T A) o (W W^T). That is the
 * {@link Formulation#PATCH patch} formulation: X^T X is accumulated per batch (in a TensorFlow graph,
 * float32 per batch, double across batches); the Hadamard product and block sums are done once, in
 * double precision. The {@link Formulation#DIRECT direct} formulation computes every channel's phi_i
 * for one batch in the graph (per output of a convolution, a depthwise convolution with that output's
 * kernel slice; for a dense consumer, one batched product) and accumulates Phi^T Phi instead; {@link Formulation#of} picks the
 * cheaper per consumer (docs/theory.md section 1, "Two formulations and the cost model").
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

    /**
     * Block sums of at most this many multiply-adds, (P*C)^2 * F, run as the exact double-precision
     * loop (a few milliseconds); larger ones as a float64 product in TensorFlow.
     */
    static final long LOOP_BLOCK_SUM = 1L << 22;

    /**
     * A direct convolution runs on slices of a batch of at most this many phi values (rows x C) per output,
     * 4 MB: each output's phi then stays in cache between the depthwise convolution that writes it and the
     * product that reads it (measured on 3x3 kernels over 28x28x32: 70 ms a 128-sample batch in slices of 32,
     * 105 ms in one).
     */
    static final long SLICE_VALUES = 1L << 20;

    private final int channels;
    private final List<Consumer> consumers;
    private final List<Formulation> formulations;
    /** Per consumer: X^T X (features^2) for the patch formulation, Phi^T Phi (C^2) for the direct one. */
    private final double[][] sums;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32>[] inputs;
    /** For a direct convolution: the slice of the batch it reads, as begin and size vectors. */
    private final Placeholder<TInt64>[] sliceBegin;
    private final Placeholder<TInt64>[] sliceSize;
    private final Operand<TFloat32>[] products;
    private long samples;
    private long dimension;

    /** Each consumer's share by the cheaper formulation ({@link Formulation#of}). */
    public ContributionGram(int channels, List<Consumer> consumers) {
        this(channels, consumers, consumers.stream().map(c -> Formulation.of(c, channels)).toList());
    }

    /** Each consumer's share by the formulation given for it (tests compare the two). */
    @SuppressWarnings("unchecked")
    ContributionGram(int channels, List<Consumer> consumers, List<Formulation> formulations) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a layer whose channels nobody reads has no contributions");
        }
        if (formulations.size() != consumers.size()) {
            throw new IllegalArgumentException("one formulation per consumer");
        }
        this.channels = channels;
        this.consumers = List.copyOf(consumers);
        this.formulations = List.copyOf(formulations);
        this.sums = new double[consumers.size()][];
        this.inputs = new Placeholder[consumers.size()];
        this.sliceBegin = new Placeholder[consumers.size()];
        this.sliceSize = new Placeholder[consumers.size()];
        this.products = new Operand[consumers.size()];
        Ops tf = Ops.create(graph);
        for (int k = 0; k < consumers.size(); k++) {
            Consumer c = consumers.get(k);
            int features = features(c);
            inputs[k] = c instanceof Consumer.Conv
                    ? tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, channels)))
                    : tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, features)));
            if (formulations.get(k) == Formulation.PATCH) {
                sums[k] = new double[features * features];
                products[k] = patchProduct(tf, c, inputs[k], features);
            } else {
                sums[k] = new double[channels * channels];
                if (c instanceof Consumer.Conv conv) {
                    sliceBegin[k] = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(4)));
                    sliceSize[k] = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(4)));
                    products[k] = directConvProduct(tf, conv, tf.slice(inputs[k], sliceBegin[k], sliceSize[k]));
                } else {
                    products[k] = directDenseProduct(tf, (Consumer.Dense) c, inputs[k]);
                }
            }
        }
        session = PlainSession.open(graph);
    }

    /** X^T X of the consumer's feature rows: a convolution's input patches, a dense layer's input. */
    private static Operand<TFloat32> patchProduct(Ops tf, Consumer c, Operand<TFloat32> input, int features) {
        Operand<TFloat32> x = input;
        if (c instanceof Consumer.Conv conv) {
            List<Long> size = List.of(1L, (long) conv.kernel(), (long) conv.kernel(), 1L);
            List<Long> stride = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
            Operand<TFloat32> patches = tf.image.extractImagePatches(input, size, stride,
                    List.of(1L, 1L, 1L, 1L), conv.padding().name());
            x = tf.reshape(patches, tf.constant(new long[]{-1, features}));
        }
        return tf.linalg.matMul(x, x, MatMul.transposeA(true));
    }

    /**
     * Phi^T Phi for a convolution: for each output f, a depthwise convolution of the input with the
     * kernel's slice [k, k, C, f] gives every channel's contribution to output f at every position
     * (rows x C), and its Gram is one product; the F Grams are summed. One depthwise convolution with
     * all F outputs as its channel multiplier would do the same arithmetic but lays phi out channel-major,
     * and both it and the transpose it needs measured 3-4 times slower here.
     */
    private Operand<TFloat32> directConvProduct(Ops tf, Consumer.Conv conv, Operand<TFloat32> input) {
        int taps = conv.kernel() * conv.kernel();
        int out = conv.outputs();
        float[] w = conv.weights();
        List<Long> stride = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
        Operand<TInt64> rows = tf.constant(new long[]{-1, channels});
        List<Operand<TFloat32>> grams = new ArrayList<>();
        for (int f = 0; f < out; f++) {
            float[] slice = new float[taps * channels];
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < channels; c++) {
                    slice[t * channels + c] = w[(t * channels + c) * out + f];
                }
            }
            Operand<TFloat32> kernel = tf.constant(Shape.of(conv.kernel(), conv.kernel(), channels, 1),
                    DataBuffers.of(slice, true, false));
            Operand<TFloat32> phi = tf.reshape(
                    tf.nn.depthwiseConv2dNative(input, kernel, stride, conv.padding().name()), rows);
            grams.add(tf.linalg.matMul(phi, phi, MatMul.transposeA(true)));
        }
        return grams.size() == 1 ? grams.get(0) : tf.math.addN(grams);
    }

    /**
     * Phi Phi^T for a dense layer over P offsets: the input as [C, samples, P] times the weights as
     * [C, P, F] gives phi as [C, samples * F] (one batched product, no N-fold copy of the input), then
     * one product.
     */
    private Operand<TFloat32> directDenseProduct(Ops tf, Consumer.Dense dense, Operand<TFloat32> input) {
        int offsets = dense.offsets();
        int out = dense.outputs();
        float[] w = dense.weights();
        float[] byChannel = new float[w.length];
        for (int p = 0; p < offsets; p++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(w, (p * channels + c) * out, byChannel, (c * offsets + p) * out, out);
            }
        }
        Operand<TFloat32> x = tf.linalg.transpose(tf.reshape(input, tf.constant(new long[]{-1, offsets, channels})),
                tf.constant(new int[]{2, 0, 1}));
        Operand<TFloat32> weights = tf.constant(Shape.of(channels, offsets, out), DataBuffers.of(byChannel, true, false));
        Operand<TFloat32> phi = tf.reshape(tf.train.batchMatMul(x, weights, TFloat32.class),
                tf.constant(new long[]{channels, -1}));
        return tf.linalg.matMul(phi, phi, MatMul.transposeB(true));
    }

    /** How each consumer's share is computed, in the order given. */
    public List<Formulation> formulations() {
        return formulations;
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
        List<Integer> whole = new ArrayList<>();
        for (int k = 0; k < consumers.size(); k++) {
            if (sliceBegin[k] == null) {
                runner.feed(inputs[k], consumerInputs.get(k));
                runner.fetch(products[k]);
                whole.add(k);
            }
        }
        if (!whole.isEmpty()) {
            try (Result result = runner.run()) {
                for (int r = 0; r < whole.size(); r++) {
                    accumulate(whole.get(r), (TFloat32) result.get(r));
                }
            }
        }
        for (int k = 0; k < consumers.size(); k++) {
            if (sliceBegin[k] != null) {
                addInSlices(k, consumerInputs.get(k));
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

    private void accumulate(int k, TFloat32 product) {
        float[] values = new float[sums[k].length];
        product.copyTo(DataBuffers.of(values, false, false));
        for (int e = 0; e < values.length; e++) {
            sums[k][e] += values[e];
        }
    }

    /** A direct convolution's product over the batch in slices of at most {@link #SLICE_VALUES} phi values. */
    private void addInSlices(int k, TFloat32 input) {
        Consumer.Conv conv = (Consumer.Conv) consumers.get(k);
        Shape s = input.shape();
        long positions = (long) conv.padding().outputSize((int) s.get(1), conv.kernel(), conv.stride())
                * conv.padding().outputSize((int) s.get(2), conv.kernel(), conv.stride());
        long batch = s.get(0);
        long slice = Math.max(1, SLICE_VALUES / Math.max(1, positions * channels));
        for (long from = 0; from < batch; from += slice) {
            long size = Math.min(slice, batch - from);
            try (TInt64 begin = TInt64.vectorOf(from, 0, 0, 0);
                 TInt64 extent = TInt64.vectorOf(size, -1, -1, -1);
                 Result result = session.runner().feed(inputs[k], input).feed(sliceBegin[k], begin)
                         .feed(sliceSize[k], extent).fetch(products[k]).run()) {
                accumulate(k, (TFloat32) result.get(0));
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

    /**
     * G (N x N, row-major), in double precision. Symmetric products are read once, from the upper
     * triangle of each accumulated product, and mirrored, so G is exactly symmetric.
     */
    public double[] gram() {
        int n = channels;
        double[] g = new double[n * n];
        for (int k = 0; k < consumers.size(); k++) {
            Consumer c = consumers.get(k);
            if (formulations.get(k) == Formulation.DIRECT) {
                double[] m = sums[k];
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        g[i * n + j] += m[i * n + j];
                    }
                }
            } else {
                long features = features(c);
                if (features * features * c.outputs() <= LOOP_BLOCK_SUM) {
                    blockSumLoop(c, sums[k], g);
                } else {
                    BlockSum.add(n, Formulation.offsets(c), c.outputs(), c.weights(), sums[k], g);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                g[i * n + j] = g[j * n + i];
            }
        }
        return g;
    }

    /**
     * The block sum of (X^T X) o (W W^T) over offset pairs, into the upper triangle of g, as a loop in
     * double precision: each W W^T entry is summed over outputs in order.
     */
    private void blockSumLoop(Consumer c, double[] m, double[] g) {
        int n = channels;
        int features = features(c);
        float[] w = c.weights();
        int out = c.outputs();
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
                if (i <= j) {
                    g[i * n + j] += v;
                }
                if (fq != fp && j <= i) {
                    g[j * n + i] += v;
                }
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
