package io.winnow.engine.model;

import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Every trained value of a model as plain Java arrays: layer name to parameter name to array.
 * Parameter names and layouts are TensorFlow's: Dense {@code kernel} [in, units] and {@code bias};
 * Conv2D {@code kernel} [k, k, in, filters] (HWIO) and {@code bias}; DepthwiseConv2D {@code kernel}
 * [k, k, channels, 1] and {@code bias}; BatchNorm {@code gamma},
 * {@code beta}, {@code moving_mean}, {@code moving_variance}. The graph variable of a parameter is
 * named {@code layer/param}. Optimizer state is never part of it.
 */
public record ModelWeights(Map<String, Map<String, FloatArray>> layers) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The epsilon of every batch norm: y = gamma (x - mean) / sqrt(variance + BN_EPSILON) + beta. */
    public static final float BN_EPSILON = 1e-3f;

    public static final String KERNEL = "kernel";
    public static final String BIAS = "bias";
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MOVING_MEAN = "moving_mean";
    public static final String MOVING_VARIANCE = "moving_variance";

    /** The parameters every layer of {@code arch} must have, with their shapes, in execution order. */
    public static Map<String, Map<String, long[]>> expectedShapes(Architecture arch) {
        Map<String, Shape> shapes = arch.shapes();
        Map<String, Map<String, long[]>> result = LinkedHashMap.empty();
        for (Layer layer : arch.layers()) {
            Shape in = shapes.get(layer.input()).get();
            Map<String, long[]> params;
            if (layer instanceof Layer.Dense d) {
                params = LinkedHashMap.of(KERNEL, new long[] {in.size(), d.units()}, BIAS, new long[] {d.units()});
            } else if (layer instanceof Layer.Conv2D c) {
                params = LinkedHashMap.of(KERNEL, new long[] {c.kernel(), c.kernel(), in.units(), c.filters()},
                        BIAS, new long[] {c.filters()});
            } else if (layer instanceof Layer.DepthwiseConv2D c) {
                params = LinkedHashMap.of(KERNEL, new long[] {c.kernel(), c.kernel(), in.units(), 1},
                        BIAS, new long[] {in.units()});
            } else if (layer instanceof Layer.BatchNorm) {
                long[] channels = {in.units()};
                params = LinkedHashMap.of(GAMMA, channels, BETA, channels, MOVING_MEAN, channels, MOVING_VARIANCE, channels);
            } else {
                continue;
            }
            result = result.put(layer.name(), params);
        }
        return result;
    }

    /**
     * Seeded initial weights: He-normal kernels (std sqrt(2 / fan-in), suited to ReLU), zero biases,
     * batch norm as the identity. The same seed gives the same weights on every machine, because
     * they are drawn here in Java rather than by TensorFlow's random ops.
     */
    public static ModelWeights init(Architecture arch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Map<String, FloatArray>> layers = expectedShapes(arch).map((layer, params) -> Tuple.of(layer,
                params.map((name, shape) -> Tuple.of(name, initial(name, shape, random)))));
        return new ModelWeights(layers);
    }

    private static FloatArray initial(String param, long[] shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(FloatArray.sizeOf(shape))];
        switch (param) {
            case KERNEL -> {
                long fanIn = FloatArray.sizeOf(shape) / shape[shape.length - 1];
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (truncatedGaussian(random) * std);
                }
            }
            case GAMMA, MOVING_VARIANCE -> Arrays.fill(values, 1f);
            default -> {
            }
        }
        return new FloatArray(shape, values);
    }

    /** A standard normal draw redrawn outside two standard deviations, as TensorFlow's initialisers do. */
    private static double truncatedGaussian(SplittableRandom random) {
        while (true) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }

    public Map<String, FloatArray> layer(String layerName) {
        return layers.get(layerName).getOrElseThrow(() -> new IllegalArgumentException("no weights for layer " + layerName));
    }

    public FloatArray get(String layerName, String param) {
        return layer(layerName).get(param).getOrElseThrow(() ->
                new IllegalArgumentException("layer " + layerName + " has no parameter " + param));
    }

    /** The same weights with one array replaced (or added). */
    public ModelWeights with(String layerName, String param, FloatArray value) {
        Map<String, FloatArray> params = layers.get(layerName).getOrElse(LinkedHashMap.empty());
        return new ModelWeights(layers.put(layerName, params.put(param, value)));
    }

    /** Total number of scalars; equals {@link Architecture#totalParams()} for weights that fit. */
    public long paramCount() {
        return layers.values().flatMap(Map::values).map(a -> (long) a.values().length).sum().longValue();
    }

    /** Every mismatch between these weights and what {@code arch} needs; empty when they fit. */
    public List<String> problems(Architecture arch) {
        Map<String, Map<String, long[]>> expected = expectedShapes(arch);
        List<String> problems = List.empty();
        for (var layer : expected) {
            for (var param : layer._2) {
                String name = layer._1 + "/" + param._1;
                var actual = layers.get(layer._1).flatMap(p -> p.get(param._1));
                if (actual.isEmpty()) {
                    problems = problems.append(name + " is missing");
                } else if (!Arrays.equals(actual.get().shape(), param._2)) {
                    problems = problems.append(name + " has shape " + actual.get().shapeText() + ", expected "
                            + Arrays.toString(param._2));
                }
            }
        }
        for (var layer : layers) {
            for (String param : layer._2.keySet()) {
                if (expected.get(layer._1).flatMap(p -> p.get(param)).isEmpty()) {
                    problems = problems.append(layer._1 + "/" + param + " is not a parameter of " + arch.name());
                }
            }
        }
        return problems;
    }
}
