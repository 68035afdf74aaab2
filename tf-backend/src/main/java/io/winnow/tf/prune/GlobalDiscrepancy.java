package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.ChannelGroup;
import io.winnow.dsl.Layer;
import io.winnow.tf.data.Split;
import io.winnow.tf.model.Model;
import io.winnow.tf.model.ModelWeights;
import io.winnow.tf.select.GlobalImitation;
import java.util.ArrayList;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * L_glob(a) = E ||F_a(x) - F(x)||^2 over the calibration split for one channel group, and its
 * gradient in a (method.md section 2, global imitation; docs/theory.md section 5). F is the current
 * (partly pruned) network at full width of the group; F_a is the same network in which every
 * consumer of the group reads channel i multiplied by c_i = N a_i: an explicit multiplier vector
 * {@code mix} in the graph, so one backward pass gives dL/dc and dL/da_i = N dL/dc_i. Surgery folds
 * the same multipliers into the consumers' input weights, so the pruned model computes F_a exactly.
 *
 * <p>Not thread-safe. Close it to free the graph.
 */
final class GlobalDiscrepancy implements GlobalImitation.Objective, AutoCloseable {

    /** Calibration samples per session run. */
    static final int BATCH = 128;

    private final Model model;
    private final int width;
    private final int classes;
    private final Placeholder<TFloat32> mix;
    private final Placeholder<TFloat32> reference;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> squaredError;
    private final Operand<TFloat32> gradient;
    private final java.util.List<Split> batches = new ArrayList<>();
    private final java.util.List<float[]> referenceLogits = new ArrayList<>();
    private final List<io.vavr.Tuple2<String, Operand<TFloat32>>> suffixFeeds;
    private final java.util.List<io.vavr.collection.Map<String, io.winnow.tf.model.FloatArray>> batchReads =
            new ArrayList<>();
    private final int samples;
    private long passes;

    GlobalDiscrepancy(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration) {
        this.width = group.width();
        this.classes = arch.classes();
        this.samples = calibration.size();
        this.model = Model.build(arch, weights);
        try {
            Ops tf = model.ops();
            mix = tf.withName("global_mix").placeholder(TFloat32.class, Placeholder.shape(Shape.of(width)));
            reference = tf.withName("global_reference").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, classes)));
            List<String> consumers = LayerStatistics.consumers(arch, group).map(Layer::name);
            io.winnow.tf.model.Forward pass = model.inferenceWith("global", (layer, x) -> {
                if (!consumers.contains(layer.name())) {
                    return x;
                }
                if (layer instanceof Layer.Conv2D) {
                    return tf.math.mul(x, mix); // NHWC: the channel is the last axis
                }
                // A dense consumer reads P positions of C channels, feature p*C + c (NHWC flatten).
                long features = arch.shapeOf(layer.input()).size();
                Operand<TFloat32> perPosition = tf.reshape(x, tf.constant(new long[] {-1, features / width, width}));
                return tf.reshape(tf.math.mul(perPosition, mix), tf.constant(new long[] {-1, features}));
            });
            logits = pass.output(arch.classifier().name());
            // What the consumers read is the same for every a unless one consumer feeds another's input
            // (a residual group): then it is computed once per batch and fed in, so each pass runs only
            // the rest of the network. Otherwise every pass starts from the input.
            List<String> reads = consumers.map(c -> arch.layer(c).get().input()).distinct();
            suffixFeeds = reads.exists(r -> downstreamOf(arch, consumers, r)) ? List.empty()
                    : reads.map(r -> io.vavr.Tuple.of(r, pass.output(r)));
            Operand<TFloat32> diff = tf.math.sub(logits, reference);
            squaredError = tf.sum(tf.math.mul(diff, diff), tf.constant(new int[] {0, 1}));
            gradient = tf.gradients(squaredError, java.util.List.of(mix)).dy(0);
            for (int from = 0; from < samples; from += BATCH) {
                Split batch = calibration.slice(from, Math.min(samples, from + BATCH));
                batches.add(batch);
                if (!suffixFeeds.isEmpty()) {
                    batchReads.add(model.activations(batch.x(), batch.size(), reads));
                }
            }
            double[] full = new double[width];
            java.util.Arrays.fill(full, 1.0 / width);
            for (int b = 0; b < batches.size(); b++) {
                referenceLogits.add(run(b, full, null, logits));
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public long dimension() {
        return (long) samples * classes;
    }

    /** Forward (and backward) passes run so far, each over one calibration batch. */
    long passes() {
        return passes;
    }

    @Override
    public double loss(double[] a) {
        double sum = 0;
        for (int b = 0; b < batches.size(); b++) {
            sum += run(b, a, referenceLogits.get(b), squaredError)[0];
        }
        return sum / samples;
    }

    @Override
    public double[] gradient(double[] a) {
        double[] g = new double[width];
        for (int b = 0; b < batches.size(); b++) {
            float[] dc = run(b, a, referenceLogits.get(b), gradient);
            for (int i = 0; i < width; i++) {
                g[i] += dc[i];
            }
        }
        for (int i = 0; i < width; i++) {
            g[i] *= (double) width / samples; // dL/da_i = N dL/dc_i, L the mean over samples
        }
        return g;
    }

    /** L_glob of a selection: kept channel kept[j] carries multiplier c = multipliers[j], the rest 0. */
    double lossOf(int[] kept, double[] multipliers) {
        double[] a = new double[width];
        for (int j = 0; j < kept.length; j++) {
            a[kept[j]] = multipliers[j] / width;
        }
        return loss(a);
    }

    /**
     * One session run on a batch with c = N a, fetching the mixed logits, the summed squared error
     * against {@code target} (zeros when null) or its gradient in c.
     */
    private float[] run(int b, double[] a, float[] target, Operand<TFloat32> fetch) {
        Split batch = batches.get(b);
        float[] c = new float[width];
        for (int i = 0; i < width; i++) {
            c[i] = (float) (width * a[i]);
        }
        passes++;
        java.util.List<TFloat32> fed = new ArrayList<>();
        try (TFloat32 mixValue = TFloat32.tensorOf(Shape.of(width), DataBuffers.of(c, true, false));
             TFloat32 targetValue = TFloat32.tensorOf(Shape.of(batch.size(), classes),
                     target == null ? DataBuffers.ofFloats((long) batch.size() * classes)
                             : DataBuffers.of(target, true, false))) {
            Session.Runner runner = model.session().runner().feed(mix, mixValue).feed(reference, targetValue).fetch(fetch);
            if (suffixFeeds.isEmpty()) {
                TFloat32 x = model.batch(batch.x(), batch.size());
                fed.add(x);
                runner.feed(model.input(), x);
            } else {
                io.vavr.collection.Map<String, io.winnow.tf.model.FloatArray> reads = batchReads.get(b);
                for (io.vavr.Tuple2<String, Operand<TFloat32>> feed : suffixFeeds) {
                    TFloat32 t = Model.tensor(reads.get(feed._1).get());
                    fed.add(t);
                    runner.feed(feed._2, t);
                }
            }
            try (Result result = runner.run()) {
                return Model.array((TFloat32) result.get(0)).values();
            }
        } finally {
            fed.forEach(TFloat32::close);
        }
    }

    /** Whether {@code layer} is one of the {@code consumers} or its output depends on one. */
    private static boolean downstreamOf(Architecture arch, List<String> consumers, String layer) {
        java.util.Set<String> reached = new java.util.HashSet<>(consumers.asJava());
        for (Layer l : arch.layers()) {
            if (l.inputs().exists(reached::contains)) {
                reached.add(l.name());
            }
        }
        return reached.contains(layer);
    }

    @Override
    public void close() {
        model.close();
    }
}
