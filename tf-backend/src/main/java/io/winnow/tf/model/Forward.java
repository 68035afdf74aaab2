package io.winnow.tf.model;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One forward pass of an {@link Architecture} in a graph: every layer's output, named
 * {@code layer/output} within the pass's name scope, and (in training mode) the ops that update batch-norm
 * moving statistics.
 *
 * <p>Batch norm in training mode normalises with the batch's mean and (biased) variance over all
 * axes but the channel axis and moves the moving statistics towards them with momentum
 * {@link #BN_MOMENTUM}; in inference mode it uses the moving statistics. Both use
 * {@link #BN_EPSILON}.
 */
public record Forward(Map<String, Operand<TFloat32>> outputs, List<Op> updates) {

    public static final float BN_EPSILON = ModelWeights.BN_EPSILON;
    public static final float BN_MOMENTUM = 0.9f;

    public Operand<TFloat32> output(String layer) {
        return outputs.get(layer).getOrElseThrow(() -> new IllegalArgumentException("no layer " + layer));
    }

    /**
     * @param scope the name scope of each layer: its ops go there, its output is named {@code output}
     */
    static Forward build(java.util.function.Function<String, Ops> scope, Architecture arch, Operand<TFloat32> input,
                         java.util.Map<String, Operand<TFloat32>> variables, boolean training) {
        return build(scope, arch, input, variables, training, (layer, x) -> x);
    }

    /**
     * @param readInput what each layer reads in place of its input's output, e.g. the input with
     *                  mixing multipliers applied on some channels (docs/theory.md section 5)
     */
    static Forward build(java.util.function.Function<String, Ops> scope, Architecture arch, Operand<TFloat32> input,
                         java.util.Map<String, Operand<TFloat32>> variables, boolean training,
                         java.util.function.BiFunction<Layer, Operand<TFloat32>, Operand<TFloat32>> readInput) {
        Map<String, Operand<TFloat32>> outputs = LinkedHashMap.of(Architecture.INPUT, input);
        Map<String, Shape> shapes = arch.shapes();
        List<Op> updates = List.empty();
        for (Layer layer : arch.layers()) {
            Operand<TFloat32> x = readInput.apply(layer, outputs.get(layer.input()).get());
            String name = layer.name();
            Ops tf = scope.apply(name);
            Operand<TFloat32> y;
            if (layer instanceof Layer.Dense) {
                y = tf.nn.biasAdd(tf.linalg.matMul(x, variables.get(name + "/kernel")), variables.get(name + "/bias"));
            } else if (layer instanceof Layer.Conv2D c && c.kernel() == 1 && c.stride() > 1) {
                // A strided 1x1 conv reads every stride-th pixel from the first, with no padding under SAME
                // or VALID alike: take those pixels, then convolve at stride 1. The same numbers, but its
                // kernel gradient no longer runs oneDNN's 1x1 strided backward-weights kernel, which
                // corrupts the native heap under TF Java 1.1.0 and kills the JVM (docs/theory.md section 6).
                Operand<TFloat32> sampled = tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0, 0}),
                        tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {1, c.stride(), c.stride(), 1}),
                        org.tensorflow.op.core.StridedSlice.beginMask(15L), org.tensorflow.op.core.StridedSlice.endMask(15L));
                y = tf.nn.biasAdd(tf.nn.conv2d(sampled, variables.get(name + "/kernel"), Arrays.asList(1L, 1L, 1L, 1L),
                        "VALID"), variables.get(name + "/bias"));
            } else if (layer instanceof Layer.Conv2D c) {
                y = tf.nn.biasAdd(tf.nn.conv2d(x, variables.get(name + "/kernel"), Arrays.asList(1L, (long) c.stride(), (long) c.stride(), 1L),
                        padding(c.padding())), variables.get(name + "/bias"));
            } else if (layer instanceof Layer.DepthwiseConv2D c) {
                y = tf.nn.biasAdd(tf.nn.depthwiseConv2dNative(x, variables.get(name + "/kernel"),
                        Arrays.asList(1L, (long) c.stride(), (long) c.stride(), 1L), padding(c.padding())),
                        variables.get(name + "/bias"));
            } else if (layer instanceof Layer.BatchNorm) {
                Operand<TFloat32> gamma = variables.get(name + "/gamma");
                Operand<TFloat32> beta = variables.get(name + "/beta");
                Operand<TFloat32> movingMean = variables.get(name + "/moving_mean");
                Operand<TFloat32> movingVariance = variables.get(name + "/moving_variance");
                Operand<TFloat32> mean = movingMean;
                Operand<TFloat32> variance = movingVariance;
                if (training) {
                    Operand<TInt32> axes = shapes.get(layer.input()).get() instanceof Shape.Image
                            ? tf.constant(new int[] {0, 1, 2}) : tf.constant(new int[] {0});
                    mean = tf.math.mean(x, axes);
                    Operand<TFloat32> centred = tf.math.sub(x, mean);
                    // mul rather than square: see the notes on tf.math.square gradients.
                    variance = tf.math.mean(tf.math.mul(centred, centred), axes, Mean.keepDims(false));
                    // Training runs on a model with variables (Model.trainingForward refuses a fed one).
                    updates = updates.append(movingAverage(tf, (Variable<TFloat32>) movingMean, mean))
                            .append(movingAverage(tf, (Variable<TFloat32>) movingVariance, variance));
                }
                Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant(BN_EPSILON))));
                y = tf.math.add(tf.math.mul(tf.math.sub(x, mean), scale), beta);
            } else if (layer instanceof Layer.ReLU) {
                y = tf.nn.relu(x);
            } else if (layer instanceof Layer.ReLU6) {
                y = tf.nn.relu6(x);
            } else if (layer instanceof Layer.MaxPool p) {
                y = tf.nn.maxPool(x, tf.constant(new int[] {1, p.size(), p.size(), 1}),
                        tf.constant(new int[] {1, p.stride(), p.stride(), 1}), padding(p.padding()));
            } else if (layer instanceof Layer.AvgPool p) {
                y = tf.nn.avgPool(x, Arrays.asList(1L, (long) p.size(), (long) p.size(), 1L),
                        Arrays.asList(1L, (long) p.stride(), (long) p.stride(), 1L), padding(p.padding()));
            } else if (layer instanceof Layer.ZeroPad z) {
                y = tf.pad(x, tf.constant(new int[][] {{0, 0}, {z.top(), z.bottom()}, {z.left(), z.right()}, {0, 0}}),
                        tf.constant(0f));
            } else if (layer instanceof Layer.GlobalAvgPool) {
                y = tf.math.mean(x, tf.constant(new int[] {1, 2}));
            } else if (layer instanceof Layer.Flatten) {
                y = tf.reshape(x, tf.constant(new long[] {-1, shapes.get(name).get().size()}));
            } else if (layer instanceof Layer.Add a) {
                y = tf.math.add(x, outputs.get(a.other()).get());
            } else {
                throw new IllegalArgumentException("layer kind " + layer.kind() + " is not supported");
            }
            outputs = outputs.put(name, tf.withName("output").identity(y));
        }
        return new Forward(outputs, updates);
    }

    private static Op movingAverage(Ops tf, Variable<TFloat32> moving, Operand<TFloat32> batch) {
        // moving <- m * moving + (1 - m) * batch; the batch value carries no gradient into it.
        Operand<TFloat32> next = tf.math.add(tf.math.mul(moving, tf.constant(BN_MOMENTUM)),
                tf.math.mul(tf.stopGradient(batch), tf.constant(1 - BN_MOMENTUM)));
        return tf.assign(moving, next);
    }

    private static String padding(Padding padding) {
        return padding == Padding.SAME ? "SAME" : "VALID";
    }
}
