package io.winnow.engine.model;

import java.util.Arrays;

/**
 * What {@code correctBias()} did to one layer after a group was pruned (docs/theory.md section 6): output
 * channel j of the layer as it was then, which is channel {@code channels[j]} of the unpruned layer, became
 * {@code scales[j]} times what it was plus {@code values[j]}. Its kernel column and bias are scaled by
 * {@code scales[j]} ({@code correctScale()}; without it {@code scales} is empty and every scale is 1), then
 * {@code values[j]} is added to its bias.
 *
 * @param layer    a Dense or Conv2D layer that reads the pruned group
 * @param channels the unpruned numbering of the layer's output channels at the time, one per value
 * @param values   the shift of each output channel's bias
 * @param scales   each output channel's scale, or empty for a shift alone
 */
public record BiasShift(String layer, int[] channels, double[] values, double[] scales) implements java.io.Serializable {

    private static final long serialVersionUID = 2L;

    public BiasShift {
        if (channels.length != values.length) {
            throw new IllegalArgumentException("bias shift of " + layer + ": " + channels.length + " channels but "
                    + values.length + " values");
        }
        if (scales.length != 0 && scales.length != values.length) {
            throw new IllegalArgumentException("bias shift of " + layer + ": " + values.length + " values but "
                    + scales.length + " scales");
        }
        channels = channels.clone();
        values = values.clone();
        scales = scales.clone();
    }

    /** A shift alone (every scale 1). */
    public BiasShift(String layer, int[] channels, double[] values) {
        this(layer, channels, values, new double[0]);
    }

    /** Whether this correction scales its channels too ({@code correctScale()}). */
    public boolean scaled() {
        return scales.length > 0;
    }

    /** The correction applied to {@code weights}, whose layer has the output channels it had when it was made. */
    public ModelWeights addTo(ModelWeights weights) {
        int width = weights.get(layer, ModelWeights.BIAS).values().length;
        if (width != values.length) {
            throw new IllegalArgumentException("bias shift of " + layer + " has " + values.length
                    + " values, the layer has " + width + " output channels");
        }
        return add(weights, j -> j);
    }

    /** The correction applied to the unpruned layer of {@code weights}, channel by channel in the unpruned numbering. */
    public ModelWeights addAtFullWidth(ModelWeights weights) {
        return add(weights, j -> channels[j]);
    }

    /** Output channel {@code at(j)} scaled by {@code scales[j]} (kernel column and bias), then {@code values[j]} added. */
    private ModelWeights add(ModelWeights weights, java.util.function.IntUnaryOperator at) {
        FloatArray bias = weights.get(layer, ModelWeights.BIAS);
        float[] shifted = bias.values().clone();
        ModelWeights out = weights;
        if (scaled()) {
            FloatArray kernel = weights.get(layer, ModelWeights.KERNEL);
            float[] k = kernel.values().clone();
            int width = shifted.length;
            for (int j = 0; j < scales.length; j++) {
                int c = at.applyAsInt(j);
                for (int e = c; e < k.length; e += width) {
                    k[e] = (float) (k[e] * scales[j]);
                }
                shifted[c] = (float) (shifted[c] * scales[j]);
            }
            out = out.with(layer, ModelWeights.KERNEL, new FloatArray(kernel.shape(), k));
        }
        for (int j = 0; j < values.length; j++) {
            shifted[at.applyAsInt(j)] = (float) (shifted[at.applyAsInt(j)] + values[j]);
        }
        return out.with(layer, ModelWeights.BIAS, new FloatArray(bias.shape(), shifted));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiasShift s && layer.equals(s.layer) && Arrays.equals(channels, s.channels)
                && Arrays.equals(values, s.values) && Arrays.equals(scales, s.scales);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * layer.hashCode() + Arrays.hashCode(channels)) + Arrays.hashCode(values))
                + Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return "BiasShift[" + layer + ", " + values.length + " channels" + (scaled() ? ", scaled" : "") + "]";
    }
}
