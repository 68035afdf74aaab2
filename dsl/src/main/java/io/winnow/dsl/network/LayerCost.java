package io.winnow.dsl.network;

import io.vavr.collection.Map;

/**
 * Parameters and FLOPs of one layer. FLOPs count multiply-adds of Dense, Conv2D and DepthwiseConv2D layers
 * (batch norm folds into the convolution for inference; activations and pooling are not counted).
 * Parameters count weights and biases, and four per channel for batch norm (scale, shift, moving
 * mean, moving variance). Counts that overflow a long throw {@link ArithmeticException}; an
 * {@link Architecture} never holds such a layer.
 */
public record LayerCost(String layer, long params, long flops) {

    static LayerCost of(Layer layer, Map<String, Shape> shapes) {
        Shape in = shapes.get(layer.input()).get();
        Shape out = shapes.get(layer.name()).get();
        if (layer instanceof Layer.Dense d) {
            long weights = Math.multiplyExact(in.size(), d.units());
            return new LayerCost(layer.name(), Math.addExact(weights, d.units()), weights);
        } else if (layer instanceof Layer.Conv2D c) {
            long weights = Math.multiplyExact(Math.multiplyExact((long) c.kernel() * c.kernel(), in.units()), c.filters());
            Shape.Image o = (Shape.Image) out;
            return new LayerCost(layer.name(), Math.addExact(weights, c.filters()),
                    Math.multiplyExact(weights, (long) o.height() * o.width()));
        } else if (layer instanceof Layer.DepthwiseConv2D c) {
            Shape.Image o = (Shape.Image) out;
            long weights = Math.multiplyExact((long) c.kernel() * c.kernel(), o.channels());
            return new LayerCost(layer.name(), Math.addExact(weights, o.channels()),
                    Math.multiplyExact(weights, (long) o.height() * o.width()));
        } else if (layer instanceof Layer.BatchNorm) {
            return new LayerCost(layer.name(), 4L * out.units(), 0);
        }
        return new LayerCost(layer.name(), 0, 0);
    }
}
