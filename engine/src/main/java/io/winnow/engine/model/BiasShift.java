package io.winnow.engine.model;

import java.util.Arrays;

/**
 * What {@code correctBias()} added to one layer's bias after a group was pruned (docs/theory.md section 6):
 * {@code values[j]} to output channel j of the layer as it was then, which is channel {@code channels[j]}
 * of the unpruned layer.
 *
 * @param layer    a Dense or Conv2D layer that reads the pruned group
 * @param channels the unpruned numbering of the layer's output channels at the time, one per value
 * @param values   the shift of each output channel's bias
 */
public record BiasShift(String layer, int[] channels, double[] values) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public BiasShift {
        if (channels.length != values.length) {
            throw new IllegalArgumentException("bias shift of " + layer + ": " + channels.length + " channels but "
                    + values.length + " values");
        }
        channels = channels.clone();
        values = values.clone();
    }

    /** The shift added to {@code weights}, whose layer has the output channels it had when the shift was made. */
    public ModelWeights addTo(ModelWeights weights) {
        int width = weights.get(layer, ModelWeights.BIAS).values().length;
        if (width != values.length) {
            throw new IllegalArgumentException("bias shift of " + layer + " has " + values.length
                    + " values, the layer has " + width + " output channels");
        }
        return add(weights, j -> j);
    }

    /** The shift added to the unpruned layer of {@code weights}, channel by channel in the unpruned numbering. */
    public ModelWeights addAtFullWidth(ModelWeights weights) {
        return add(weights, j -> channels[j]);
    }

    /** {@code values[j]} added to the bias entry {@code at(j)}. */
    private ModelWeights add(ModelWeights weights, java.util.function.IntUnaryOperator at) {
        FloatArray bias = weights.get(layer, ModelWeights.BIAS);
        float[] shifted = bias.values().clone();
        for (int j = 0; j < values.length; j++) {
            shifted[at.applyAsInt(j)] = (float) (shifted[at.applyAsInt(j)] + values[j]);
        }
        return weights.with(layer, ModelWeights.BIAS, new FloatArray(bias.shape(), shifted));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiasShift s && layer.equals(s.layer) && Arrays.equals(channels, s.channels)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layer.hashCode() + Arrays.hashCode(channels)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "BiasShift[" + layer + ", " + values.length + " channels]";
    }
}
