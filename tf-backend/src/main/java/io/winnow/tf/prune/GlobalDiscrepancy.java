package io.winnow.tf.prune;

import io.vavr.collection.Map;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.select.GlobalImitation;
import io.winnow.engine.select.Gram;
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
 * gradient in a (docs/theory.md section 2, global imitation; docs/theory.md section 5). F is the current
 * (partly pruned) network at full width of the group; F_a is the same network in which every
 * consumer of the group reads channel i multiplied by c_i = N a_i: an explicit multiplier vector
 * {@code mix} in the graph, so one backward pass gives dL/dc and dL/da_i = N dL/dc_i. Surgery folds
 * the same multipliers into the consumers' input weights, so the pruned model computes F_a exactly.
 *
 * <p>Every pass is fed, per batch, the layer outputs that no choice of a changes and that the
 * consumers or what follows them read (for a residual group also the shortcut into a later add), so it
 * runs only the part of the network that a changes. Those feeds and the reference logits are kept as
 * tensors for the life of the object: a pass copies nothing but the N multipliers.
 *
 * <p>Candidates and step sizes are searched on a fixed subsample of {@value #SEARCH_SAMPLES} samples
 * spread evenly over the split ({@link #search()}); the losses recorded are on the whole split.
 *
 * <p>Not thread-safe. Close it to free the graph and the kept tensors.
 */
final class GlobalDiscrepancy implements GlobalImitation.Objective, AutoCloseable {

    /** Calibration samples per session run. */
    static final int BATCH = 128;
    /**
     * Samples of the search subsample: a split of at most this many is searched on itself. At 256 the
     * line searches cost a quarter of the passes of 1024 samples (docs/theory.md section 5.5).
     */
    static final int SEARCH_SAMPLES = 256;
    /**
     * Classes above which no Gauss-Newton model is built (a backward pass per class per batch): such a
     * net's global imitation walks (docs/theory.md section 5.3).
     */
    static final int JACOBIAN_CLASSES = 64;
    /** Rows of J (samples x classes) per channel below which the Gauss-Newton model uses the whole split. */
    static final int ROWS_PER_CHANNEL = 64;

    /** One batch: its size, its feeds in the order of {@link #feeds}, and the reference logits F(x). */
    private record Batch(int size, java.util.List<TFloat32> fed, TFloat32 reference) {
    }

    private final Model model;
    private final int width;
    private final int classes;
    private final Placeholder<TFloat32> mix;
    private final Placeholder<TFloat32> reference;
    private final Operand<TFloat32> diff;
    private final Operand<TFloat32> squaredError;
    private final Operand<TFloat32> gradient;
    /** Per batch, the Gauss-Newton model's sums: J^T J, J^T y* and ||y*||^2 (see {@link #linearization}). */
    private final Operand<TFloat32> modelGram;
    private final Operand<TFloat32> modelInner;
    private final Operand<TFloat32> modelTotal;
    /** The mixed pass's inputs that are fed: layer outputs a does not change. */
    private final java.util.List<Operand<TFloat32>> feeds = new ArrayList<>();
    private final java.util.List<Batch> kept = new ArrayList<>();
    private final Part whole;
    private final Part searched;
    private long passes;

    GlobalDiscrepancy(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration) {
        this.width = group.width();
        this.classes = arch.classes();
        this.model = Model.forInference(arch, weights);
        try {
            Ops tf = model.ops();
            mix = tf.withName("global_mix").placeholder(TFloat32.class, Placeholder.shape(Shape.of(width)));
            reference = tf.withName("global_reference").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, classes)));
            List<String> consumers = LayerStatistics.consumers(arch, group).map(Layer::name);
            java.util.List<Mixed> mixed = new ArrayList<>();
            io.winnow.tf.model.Forward pass = model.inferenceWith("global", (layer, x) -> {
                if (!consumers.contains(layer.name())) {
                    return x;
                }
                if (layer instanceof Layer.Conv2D) {
                    Operand<TFloat32> product = tf.math.mul(x, mix); // NHWC: the channel is the last axis
                    mixed.add(new Mixed(x, product, new int[] {1, 2}));
                    return product;
                }
                if (!(layer instanceof Layer.Dense)) {
                    // Architecture.consumers looks through every other kind (depthwise convs included).
                    throw new IllegalStateException("consumer " + layer.name() + " is neither Conv2D nor Dense");
                }
                // A dense consumer reads P positions of C channels, feature p*C + c (NHWC flatten).
                long features = arch.shapeOf(layer.input()).size();
                Operand<TFloat32> perPosition = tf.reshape(x, tf.constant(new long[] {-1, features / width, width}));
                Operand<TFloat32> product = tf.math.mul(perPosition, mix);
                mixed.add(new Mixed(perPosition, product, new int[] {1}));
                return tf.reshape(product, tf.constant(new long[] {-1, features}));
            });
            Operand<TFloat32> logits = pass.output(arch.classifier().name());
            List<String> fedLayers = unchanged(arch, consumers);
            fedLayers.forEach(l -> feeds.add(pass.output(l)));
            diff = tf.math.sub(logits, reference);
            squaredError = tf.sum(tf.math.mul(diff, diff), tf.constant(new int[] {0, 1}));
            gradient = tf.gradients(squaredError, java.util.List.of(mix)).dy(0);
            if (classes <= JACOBIAN_CLASSES) {
                Operand<TFloat32> jacobian = jacobian(tf, logits, mixed);
                // y* = F(x) - F_a0(x) + J c0 per row (sample, class): the linear model's target.
                Operand<TFloat32> target = tf.math.add(tf.math.neg(tf.reshape(diff, tf.constant(new long[] {-1, 1}))),
                        tf.linalg.matMul(jacobian, tf.reshape(mix, tf.constant(new long[] {width, 1}))));
                modelGram = tf.linalg.matMul(jacobian, jacobian, org.tensorflow.op.linalg.MatMul.transposeA(true));
                modelInner = tf.reshape(tf.linalg.matMul(jacobian, target,
                        org.tensorflow.op.linalg.MatMul.transposeA(true)), tf.constant(new long[] {width}));
                modelTotal = tf.sum(tf.math.mul(target, target), tf.constant(new int[] {0, 1}));
            } else {
                modelGram = null;
                modelInner = null;
                modelTotal = null;
            }
            whole = new Part(batches(calibration, fedLayers, logits));
            searched = calibration.size() <= SEARCH_SAMPLES ? whole
                    : new Part(batches(calibration.select("search", evenlySpread(calibration.size(), SEARCH_SAMPLES)),
                    fedLayers, logits));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** One consumer's mixed input: product = input * mix, the mix multiplying the channel (last) axis. */
    private record Mixed(Operand<TFloat32> input, Operand<TFloat32> product, int[] positionAxes) {
    }

    /**
     * J, (batch x classes) x N: row (s, k) holds dz_k(x_s)/dc_i for every channel i, one backward pass
     * per class. The samples do not interact (inference mode), so the gradient of the batch's summed
     * logit k in the consumers' mixed inputs is each sample's own; times the unmixed input, summed over
     * positions and consumers, it is the derivative in c_i.
     */
    private Operand<TFloat32> jacobian(Ops tf, Operand<TFloat32> logits, java.util.List<Mixed> mixed) {
        java.util.List<Operand<TFloat32>> rows = new ArrayList<>();
        java.util.List<Operand<?>> products = mixed.stream().<Operand<?>>map(Mixed::product).toList();
        for (int k = 0; k < classes; k++) {
            Operand<TFloat32> logit = tf.sum(tf.gather(logits, tf.constant(k), tf.constant(1)), tf.constant(0));
            org.tensorflow.op.core.Gradients g = tf.gradients(logit, products);
            Operand<TFloat32> row = null;
            for (int j = 0; j < mixed.size(); j++) {
                @SuppressWarnings("unchecked")
                Operand<TFloat32> dProduct = (Operand<TFloat32>) (Operand<?>) g.dy(j);
                Operand<TFloat32> term = tf.sum(tf.math.mul(dProduct, mixed.get(j).input()),
                        tf.constant(mixed.get(j).positionAxes()));
                row = row == null ? term : tf.math.add(row, term);
            }
            rows.add(row);
        }
        return tf.reshape(tf.stack(rows, org.tensorflow.op.core.Stack.axis(1L)), tf.constant(new long[] {-1, width}));
    }

    /** {@code count} indices of {@code 0..size-1}, evenly spread: row j is floor(j size / count). */
    static int[] evenlySpread(int size, int count) {
        int[] rows = new int[count];
        for (int j = 0; j < count; j++) {
            rows[j] = (int) ((long) j * size / count);
        }
        return rows;
    }

    private java.util.List<Batch> batches(Split split, List<String> fedLayers, Operand<TFloat32> logits) {
        java.util.List<Batch> out = new ArrayList<>();
        float[] ones = new float[width];
        java.util.Arrays.fill(ones, 1f);
        for (int from = 0; from < split.size(); from += BATCH) {
            Split slice = split.slice(from, Math.min(split.size(), from + BATCH));
            Map<String, io.winnow.engine.model.FloatArray> reads =
                    model.activations(slice.x(), slice.size(), fedLayers);
            java.util.List<TFloat32> fed = new ArrayList<>();
            Batch batch = new Batch(slice.size(), fed, null);
            kept.add(batch); // closed with this object, even if the next lines fail
            for (String l : fedLayers) {
                fed.add(Model.tensor(reads.get(l).get()));
            }
            float[] z = run(batch, ones, logits);
            Batch withReference = new Batch(slice.size(), fed, TFloat32.tensorOf(Shape.of(slice.size(), classes),
                    DataBuffers.of(z, true, false)));
            kept.set(kept.size() - 1, withReference);
            out.add(withReference);
        }
        return out;
    }

    /**
     * The layer outputs (or the input) that a does not change and that a consumer, or a layer whose
     * output a changes, reads: what each pass is fed.
     */
    static List<String> unchanged(Architecture arch, List<String> consumers) {
        java.util.Set<String> changed = new java.util.HashSet<>(consumers.asJava());
        java.util.Set<String> fed = new java.util.LinkedHashSet<>();
        for (Layer l : arch.layers()) {
            if (changed.contains(l.name()) || l.inputs().exists(changed::contains)) {
                changed.add(l.name());
                l.inputs().filter(i -> !changed.contains(i)).forEach(fed::add);
            }
        }
        return List.ofAll(fed);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public long dimension() {
        return whole.dimension();
    }

    /** Forward (and backward) passes run so far, each over one batch of the split or of the search subsample. */
    long passes() {
        return passes;
    }

    @Override
    public double loss(double[] a) {
        return whole.loss(a);
    }

    @Override
    public double[] gradient(double[] a) {
        return whole.gradient(a);
    }

    /**
     * The Gauss-Newton model at a (docs/theory.md section 5.3), on the search subsample where it holds at
     * least {@value #ROWS_PER_CHANNEL} rows (sample, class) per channel, else on the whole split: fewer
     * rows fit the model to the subsample (measured on the cnn's fc1, 256 channels, with a single cut:
     * the subsample's model at 0.05 against 0.75 measured; the whole split's at 0.0305 against 0.0305).
     * Empty above {@value #JACOBIAN_CLASSES} classes.
     */
    @Override
    public java.util.Optional<Gram> linearization(double[] a) {
        Part on = searched.dimension() >= (long) ROWS_PER_CHANNEL * width ? searched : whole;
        return on.linearization(a);
    }

    @Override
    public GlobalImitation.Objective search() {
        return searched == whole ? this : searched;
    }

    /** L_glob of a selection: kept channel kept[j] carries multiplier c = multipliers[j], the rest 0. */
    double lossOf(int[] kept, double[] multipliers) {
        return loss(new io.winnow.engine.mixing.Mixing(kept, multipliers).weights(width));
    }

    /** L_glob on some of the samples: the whole split or the search subsample. */
    private final class Part implements GlobalImitation.Objective {
        private final java.util.List<Batch> batches;
        private final int samples;

        Part(java.util.List<Batch> batches) {
            this.batches = batches;
            this.samples = batches.stream().mapToInt(Batch::size).sum();
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public long dimension() {
            return (long) samples * classes;
        }

        @Override
        public double loss(double[] a) {
            float[] c = multipliers(a);
            double sum = 0;
            for (Batch b : batches) {
                sum += run(b, c, squaredError)[0];
            }
            return sum / samples;
        }

        @Override
        public java.util.Optional<Gram> linearization(double[] a) {
            if (modelGram == null) {
                return java.util.Optional.empty();
            }
            float[] c = multipliers(a);
            double[] g = new double[width * width];
            double[] inner = new double[width];
            double total = 0;
            for (Batch b : batches) {
                float[][] sums = run(b, c, modelGram, modelInner, modelTotal);
                for (int e = 0; e < g.length; e++) {
                    g[e] += classes * (double) sums[0][e];
                }
                for (int i = 0; i < width; i++) {
                    inner[i] += classes * (double) sums[1][i];
                }
                total += classes * (double) sums[2][0];
            }
            // m = samples x classes rows; the sums are scaled by the classes so the model's L is in
            // L_glob's units, the mean over samples of the squared logit error.
            return java.util.Optional.of(Gram.withTarget(Gram.of(width, (long) samples * classes, g), inner, total));
        }

        @Override
        public double[] gradient(double[] a) {
            float[] c = multipliers(a);
            double[] g = new double[width];
            for (Batch b : batches) {
                float[] dc = run(b, c, gradient);
                for (int i = 0; i < width; i++) {
                    g[i] += dc[i];
                }
            }
            for (int i = 0; i < width; i++) {
                g[i] *= (double) width / samples; // dL/da_i = N dL/dc_i, L the mean over samples
            }
            return g;
        }
    }

    /** c = N a, as fed to the graph. */
    private float[] multipliers(double[] a) {
        float[] c = new float[width];
        for (int i = 0; i < width; i++) {
            c[i] = (float) (width * a[i]);
        }
        return c;
    }

    /**
     * One session run on a batch with multipliers c, fetching the mixed logits, the summed squared
     * error against the batch's reference or its gradient in c.
     */
    private float[] run(Batch batch, float[] c, Operand<TFloat32> fetch) {
        return run(batch, c, new Operand[] {fetch})[0];
    }

    @SafeVarargs
    private float[][] run(Batch batch, float[] c, Operand<TFloat32>... fetches) {
        passes++;
        try (TFloat32 mixValue = TFloat32.tensorOf(Shape.of(width), DataBuffers.of(c, true, false))) {
            Session.Runner runner = model.runner().feed(mix, mixValue);
            for (Operand<TFloat32> f : fetches) {
                runner.fetch(f);
            }
            if (batch.reference() != null) {
                runner.feed(reference, batch.reference());
            }
            for (int f = 0; f < feeds.size(); f++) {
                runner.feed(feeds.get(f), batch.fed().get(f));
            }
            try (Result result = runner.run()) {
                float[][] out = new float[fetches.length][];
                for (int f = 0; f < fetches.length; f++) {
                    out[f] = Model.array((TFloat32) result.get(f)).values();
                }
                return out;
            }
        }
    }

    @Override
    public void close() {
        for (Batch b : kept) {
            b.fed().forEach(TFloat32::close);
            if (b.reference() != null) {
                b.reference().close();
            }
        }
        model.close();
    }
}
