package io.winnow.tf.model;

import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.Split;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A network from an {@link Architecture} in a TensorFlow graph with one session. Every parameter is
 * a variable named {@code layer/param} (see {@link ModelWeights}); the input placeholder is
 * {@code x}; every layer's inference output is the op {@code layer/output} (training-mode outputs
 * are {@code train/layer/output}). Training ops are added to the same graph by {@code io.winnow.tf.train.Trainer}.
 *
 * <p>Not thread-safe. Close it to free the native graph and session.
 */
public final class Model implements AutoCloseable {

    public static final String INPUT = "x";
    /** The signature output name of the classifier's logits. */
    public static final String LOGITS = "logits";
    /** Samples per session run when a whole split goes through the model. */
    public static final int EVAL_BATCH = 500;

    /**
     * A {@link #forInference} model's session runs its graph as built, without Grappler's rewriting. That
     * cost about 60 ms on the first run of each mobilenetv2 graph, and a prune run builds one graph per group,
     * probe and evaluation (bench/build-cost.sh). An output is the same bits whichever other outputs a run fetches or
     * feeds ({@code FedModelTest}, {@code UpstreamTest}); against a model with variables, whose graph Grappler
     * rewrites, outputs agree to float rounding (a few units in the last place).
     */
    private static final org.tensorflow.proto.ConfigProto NO_REWRITES = org.tensorflow.proto.ConfigProto.newBuilder()
            .setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder()
                    .setRewriteOptions(org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
            .build();

    private static final java.util.Set<String> RESERVED = java.util.Set.of(INPUT, "train", "trainer");

    private final Architecture architecture;
    private final Graph graph;
    private final Session session;
    private final Ops tf;
    private final Placeholder<TFloat32> input;
    private final java.util.Map<String, Variable<TFloat32>> variables = new java.util.LinkedHashMap<>();
    /** What the forward passes read for each parameter: its variable, or in a fed model its placeholder. */
    private final java.util.Map<String, Operand<TFloat32>> parameters = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, Placeholder<TFloat32>> assignValues = new java.util.LinkedHashMap<>();
    /** A fed model's parameters as tensors, fed with every run; empty for a model with variables. */
    private final java.util.List<TFloat32> fedValues = new ArrayList<>();
    private final boolean fed;
    /** A fed model's weights, as given. */
    private ModelWeights fedWeights;
    private final List<Assign<TFloat32>> assigns = new ArrayList<>();
    private final Forward inference;
    private final Operand<TFloat32> logits;
    private final java.util.Map<String, Ops> scopes = new java.util.HashMap<>();
    private Forward training;

    private Model(Architecture architecture, ModelWeights weights, boolean fed) {
        io.vavr.collection.List<String> problems = weights.problems(architecture);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit architecture " + architecture.name() + ": "
                    + problems.mkString("; "));
        }
        io.vavr.collection.List<String> reserved = architecture.layers().map(l -> l.name().split("/")[0])
                .filter(RESERVED::contains);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("layer names may not start with " + reserved.mkString(", ")
                    + ": the graph uses these names for the input and the training ops");
        }
        this.architecture = architecture;
        this.fed = fed;
        this.graph = new Graph();
        try {
            this.tf = Ops.create(graph);
            this.input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(batchShape(architecture.input())));
            for (var layer : ModelWeights.expectedShapes(architecture)) {
                Ops scope = layerScope(tf, "", layer._1);
                for (var param : layer._2) {
                    String name = layer._1 + "/" + param._1;
                    Placeholder<TFloat32> value = scope.withName(param._1 + "_value").placeholder(TFloat32.class,
                            Placeholder.shape(Shape.of(param._2)));
                    assignValues.put(name, value);
                    if (fed) {
                        parameters.put(name, value);
                    } else {
                        Variable<TFloat32> variable = scope.withName(param._1).variable(Shape.of(param._2), TFloat32.class);
                        variables.put(name, variable);
                        parameters.put(name, variable);
                        assigns.add(scope.withName(param._1 + "_assign").assign(variable, value));
                    }
                }
            }
            this.inference = Forward.build(l -> layerScope(tf, "", l), architecture, input, parameters, false);
            this.logits = inference.output(architecture.classifier().name());
            this.session = fed ? new Session(graph, NO_REWRITES) : new Session(graph);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        setWeights(weights);
    }

    /** A model holding {@code weights}, which must fit {@code architecture} exactly. */
    public static Model build(Architecture architecture, ModelWeights weights) {
        return new Model(architecture, weights, false);
    }

    /**
     * A model for inference only, whose weights are fed with every run instead of held in variables, and
     * whose graph runs without Grappler's rewriting ({@link #NO_REWRITES}): the same outputs to float
     * rounding, without the run that assigns the variables (tens of milliseconds for a network with a
     * hundred parameters, paid again for every graph). For the many short-lived models of a prune run (a
     * group's statistics, a probe of a width plan, an evaluation). It cannot be trained:
     * {@link #trainableVariables()}, {@link #kernels()} and {@link #trainingForward()} refuse it. Run it
     * through {@link #runner()}, which feeds the weights.
     */
    public static Model forInference(Architecture architecture, ModelWeights weights) {
        return new Model(architecture, weights, true);
    }

    /** A freshly initialised model; the same seed gives the same weights. */
    public static Model init(Architecture architecture, long seed) {
        return new Model(architecture, ModelWeights.init(architecture, seed), false);
    }

    /**
     * A session runner with the model's weights fed when it is a {@link #forInference} model: every run of
     * this model's graph starts here.
     */
    public Session.Runner runner() {
        Session.Runner runner = session.runner();
        if (fed) {
            int i = 0;
            for (Placeholder<TFloat32> value : assignValues.values()) {
                runner.feed(value, fedValues.get(i++));
            }
        }
        return runner;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Replaces every parameter; the arrays must fit the architecture. */
    public void setWeights(ModelWeights weights) {
        io.vavr.collection.List<String> problems = weights.problems(architecture);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit " + architecture.name() + ": " + problems.mkString("; "));
        }
        if (fed) {
            java.util.List<TFloat32> values = new ArrayList<>();
            try {
                for (String name : assignValues.keySet()) {
                    String[] parts = splitName(name);
                    values.add(tensor(weights.get(parts[0], parts[1])));
                }
            } catch (RuntimeException e) {
                values.forEach(Tensor::close);
                throw e;
            }
            fedValues.forEach(Tensor::close);
            fedValues.clear();
            fedValues.addAll(values);
            fedWeights = weights;
            return;
        }
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (var entry : assignValues.entrySet()) {
                String[] parts = splitName(entry.getKey());
                TFloat32 t = tensor(weights.get(parts[0], parts[1]));
                tensors.add(t);
                runner.feed(entry.getValue(), t);
            }
            assigns.forEach(runner::addTarget);
            runner.run().close();
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /** Reads every parameter (weights and batch-norm statistics) out of the session. */
    public ModelWeights weights() {
        if (fed) {
            return fedWeights;
        }
        Session.Runner runner = session.runner();
        variables.values().forEach(runner::fetch);
        Map<String, Map<String, FloatArray>> layers = LinkedHashMap.empty();
        try (Result result = runner.run()) {
            int i = 0;
            for (String name : variables.keySet()) {
                String[] parts = splitName(name);
                FloatArray value = array((TFloat32) result.get(i++));
                layers = layers.put(parts[0], layers.get(parts[0]).getOrElse(LinkedHashMap.empty()).put(parts[1], value));
            }
        }
        return new ModelWeights(layers);
    }

    /** Logits for the first {@code n} samples of {@code x} (row-major, input shape per sample). */
    public FloatArray logits(float[] x, int n) {
        return activations(x, n, io.vavr.collection.List.of(architecture.classifier().name()))
                .get(architecture.classifier().name()).get();
    }

    /** Logits of a whole split, [size, classes], computed in batches. */
    public FloatArray logits(Split split) {
        String classifier = architecture.classifier().name();
        return activations(split, io.vavr.collection.List.of(classifier)).get(classifier).get();
    }

    /**
     * The inference-mode outputs of the named layers for one batch of {@code n} samples: what
     * selection reads as a layer's activations.
     */
    public Map<String, FloatArray> activations(float[] x, int n, Seq<String> layers) {
        return activations(x, n, layers, LinkedHashMap.empty());
    }

    /** As above, with the outputs in {@code fed} (one batch of {@code n} rows each) fed instead of computed. */
    private Map<String, FloatArray> activations(float[] x, int n, Seq<String> layers, Map<String, FloatArray> fed) {
        layers.forEach(this::outputName);
        Session.Runner runner = runner();
        java.util.List<TFloat32> feeds = new ArrayList<>();
        try (TFloat32 batch = batch(x, n)) {
            runner.feed(input, batch);
            for (var output : fed) {
                TFloat32 t = tensor(output._2);
                feeds.add(t);
                runner.feed(outputName(output._1), t);
            }
            layers.forEach(l -> runner.fetch(inference.output(l)));
            try (Result result = runner.run()) {
                Map<String, FloatArray> out = LinkedHashMap.empty();
                for (int i = 0; i < layers.size(); i++) {
                    out = out.put(layers.get(i), array((TFloat32) result.get(i)));
                }
                return out;
            }
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /** Inference outputs of the named layers for a whole split, computed {@link #EVAL_BATCH} samples at a time. */
    public Map<String, FloatArray> activations(Split split, Seq<String> layers) {
        return activations(split, layers, LinkedHashMap.empty());
    }

    /**
     * As {@link #activations(Split, Seq)}, with the outputs of the layers in {@code upstream}, each held for
     * the whole split, fed instead of computed: only what lies after them runs. In a {@link #forInference}
     * model, fed the outputs it computes itself, batch by batch as here, the results are the same bits.
     */
    public Map<String, FloatArray> activations(Split split, Seq<String> layers, Map<String, FloatArray> upstream) {
        for (var output : upstream) {
            if (layers.contains(output._1)) {
                throw new IllegalArgumentException("the output of " + output._1 + " is fed, so it cannot be fetched too");
            }
            if (output._2.dim(0) != split.size()) {
                throw new IllegalArgumentException("the fed output of " + output._1 + " has " + output._2.dim(0)
                        + " rows for a split of " + split.size());
            }
        }
        java.util.Map<String, float[]> all = new java.util.LinkedHashMap<>();
        java.util.Map<String, long[]> shapes = new java.util.HashMap<>();
        for (int from = 0; from < split.size(); from += EVAL_BATCH) {
            int to = Math.min(split.size(), from + EVAL_BATCH);
            Split batch = split.slice(from, to);
            int first = from;
            Map<String, FloatArray> fed = upstream.mapValues(values -> values.rows(first, to));
            for (var out : activations(batch.x(), batch.size(), layers, fed)) {
                long[] shape = out._2.shape();
                int perSample = Math.toIntExact(FloatArray.sizeOf(shape) / shape[0]);
                float[] values = all.computeIfAbsent(out._1, k -> new float[Math.multiplyExact(split.size(), perSample)]);
                System.arraycopy(out._2.values(), 0, values, from * perSample, out._2.values().length);
                shape[0] = split.size();
                shapes.put(out._1, shape);
            }
        }
        return LinkedHashMap.ofAll(all).map((layer, values) -> Tuple.of(layer, new FloatArray(shapes.get(layer), values)));
    }

    /** The graph op whose output is a layer's inference activation, for callers who build on the graph. */
    public String outputName(String layer) {
        if (!layer.equals(Architecture.INPUT) && architecture.layer(layer).isEmpty()) {
            throw new IllegalArgumentException("architecture " + architecture.name() + " has no layer " + layer);
        }
        return inference.output(layer).op().name();
    }

    /** Mean cross-entropy and top-1 accuracy of the model (inference mode) on a split. */
    public Evaluation evaluate(Split split) {
        return evaluate(split, LinkedHashMap.empty());
    }

    /** As {@link #evaluate(Split)}, with upstream outputs fed as {@link #activations(Split, Seq, Map)} feeds them. */
    public Evaluation evaluate(Split split, Map<String, FloatArray> upstream) {
        String classifier = architecture.classifier().name();
        FloatArray logits = activations(split, io.vavr.collection.List.of(classifier), upstream).get(classifier).get();
        return Evaluation.of(split.name(), logits.values(), split.y(), architecture.classes());
    }

    // ---- for the rest of the backend (training, export) ----

    public Graph graph() {
        return graph;
    }

    public Session session() {
        return session;
    }

    public Ops ops() {
        return tf;
    }

    public Placeholder<TFloat32> input() {
        return input;
    }

    /** The inference classifier output. */
    public Operand<TFloat32> logitsOutput() {
        return logits;
    }

    /** Variables trained by gradient descent, by {@code layer/param}: everything but moving statistics. */
    public Map<String, Variable<TFloat32>> trainableVariables() {
        requireVariables();
        return LinkedHashMap.ofAll(variables).filterKeys(n -> !n.endsWith("/" + ModelWeights.MOVING_MEAN)
                && !n.endsWith("/" + ModelWeights.MOVING_VARIANCE));
    }

    /** Kernels of Dense and Conv2D layers: what weight decay applies to. */
    public Map<String, Variable<TFloat32>> kernels() {
        requireVariables();
        return LinkedHashMap.ofAll(variables).filterKeys(n -> n.endsWith("/" + ModelWeights.KERNEL));
    }

    /** The training-mode forward pass (batch statistics), built on first use under {@code train/}. */
    public Forward trainingForward() {
        requireVariables();
        if (training == null) {
            Ops train = tf.withSubScope("train");
            training = Forward.build(l -> layerScope(train, "train/", l), architecture, input, parameters, true);
        }
        return training;
    }

    /**
     * A second inference pass on the same variables under the name scope {@code prefix}, in which
     * each layer reads {@code readInput(layer, its input)}: how global imitation puts explicit
     * mixing multipliers where a group's channels are read.
     */
    public Forward inferenceWith(String prefix, java.util.function.BiFunction<io.winnow.dsl.network.Layer, Operand<TFloat32>,
            Operand<TFloat32>> readInput) {
        Ops scope = tf.withSubScope(prefix);
        return Forward.build(l -> layerScope(scope, prefix + "/", l), architecture, input, parameters, false, readInput);
    }

    /** Whether this model's weights are fed with every run ({@link #forInference}) rather than held in variables. */
    public boolean fed() {
        return fed;
    }

    private void requireVariables() {
        if (fed) {
            throw new IllegalStateException("a model built by Model.forInference has no variables: build it with "
                    + "Model.build to train it");
        }
    }

    /** A float tensor [n, input shape] over the first n samples of {@code x}. Caller closes it. */
    public TFloat32 batch(float[] x, int n) {
        long[] dims = batchShape(architecture.input()).asArray();
        dims[0] = n;
        Shape shape = Shape.of(dims);
        long size = shape.size();
        if (x.length < size) {
            throw new IllegalArgumentException(n + " samples of " + architecture.input() + " need " + size
                    + " values, got " + x.length);
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(x, true, false).narrow(size));
    }

    public static FloatArray array(TFloat32 tensor) {
        float[] values = new float[Math.toIntExact(tensor.shape().size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return new FloatArray(tensor.shape().asArray(), values);
    }

    public static TFloat32 tensor(FloatArray array) {
        return TFloat32.tensorOf(Shape.of(array.shape()), DataBuffers.of(array.values(), true, false));
    }

    static Shape batchShape(io.winnow.dsl.network.Shape sample) {
        if (sample instanceof io.winnow.dsl.network.Shape.Image img) {
            return Shape.of(-1, img.height(), img.width(), img.channels());
        }
        return Shape.of(-1, sample.size());
    }

    /**
     * The name scope {@code layer} (nested where the name holds slashes), made once per layer: TensorFlow
     * Java renames a repeated sub-scope ({@code conv1_1}), which would break the stable names.
     */
    private Ops layerScope(Ops base, String prefix, String layer) {
        return scopes.computeIfAbsent(prefix + layer, k -> {
            Ops scope = base;
            for (String part : layer.split("/")) {
                scope = scope.withSubScope(part);
            }
            return scope;
        });
    }

    private static String[] splitName(String variable) {
        int slash = variable.lastIndexOf('/');
        return new String[] {variable.substring(0, slash), variable.substring(slash + 1)};
    }

    @Override
    public void close() {
        fedValues.forEach(Tensor::close);
        fedValues.clear();
        session.close();
        graph.close();
    }
}
