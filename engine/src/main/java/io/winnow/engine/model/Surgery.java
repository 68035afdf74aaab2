package io.winnow.engine.model;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Shape;

import java.util.Arrays;

/**
 * Turns a selection into a physically smaller model (docs/theory.md section 1): the kept channels of a
 * group stay, everything else of the removed channels goes (filters, biases, batch-norm entries,
 * the consumers' input weights), and each kept channel's multiplier c_i = N a_i is folded exactly
 * into the input weights of every layer that reads it. The consumers are linear in their input, so
 * the smaller model computes exactly what the original computes with the mixing weights applied
 * to the channels where they are read (docs/theory.md section 1).
 */
public final class Surgery {

    private Surgery() {
    }

    /** The narrowed network and its weights. */
    public record Pruned(Architecture architecture, ModelWeights weights) {
    }

    /**
     * Keeps channels {@code kept} (ascending, distinct) of {@code group}, scaling each kept channel i's
     * outgoing weights by {@code multipliers[j]} for {@code kept[j] = i}.
     */
    public static Pruned prune(Architecture arch, ModelWeights weights, ChannelGroup group, int[] kept,
                               double[] multipliers) {
        checkSelection(group, kept, multipliers);
        ModelWeights w = weights;
        for (Layer layer : arch.layers()) {
            String name = layer.name();
            if (group.layers().contains(name)) {
                // Filters/units of the group's own layers: last axis of the kernel, the bias.
                w = w.with(name, ModelWeights.KERNEL, keepLastAxis(w.get(name, ModelWeights.KERNEL), kept));
                w = w.with(name, ModelWeights.BIAS, keepLastAxis(w.get(name, ModelWeights.BIAS), kept));
            } else if (layer instanceof Layer.BatchNorm && arch.carriedGroup(name).contains(group)) {
                for (String p : List.of(ModelWeights.GAMMA, ModelWeights.BETA, ModelWeights.MOVING_MEAN,
                        ModelWeights.MOVING_VARIANCE)) {
                    w = w.with(name, p, keepLastAxis(w.get(name, p), kept));
                }
            } else if (layer instanceof Layer.DepthwiseConv2D && arch.carriedGroup(name).contains(group)) {
                // One filter per channel: a removed channel's filter and bias go with it. The multipliers
                // are not folded here but into the layer that reads the depthwise output (a consumer).
                w = w.with(name, ModelWeights.KERNEL, keepDepthwiseChannels(w.get(name, ModelWeights.KERNEL), kept));
                w = w.with(name, ModelWeights.BIAS, keepLastAxis(w.get(name, ModelWeights.BIAS), kept));
            } else if (Architecture.hasNeurons(layer) && arch.carriedGroup(layer.input()).contains(group)) {
                w = w.with(name, ModelWeights.KERNEL,
                        keepInputChannels(arch, layer, w.get(name, ModelWeights.KERNEL), group.width(), kept, multipliers));
            }
        }
        HashMap<String, Integer> widths = HashMap.ofEntries(group.layers().map(l -> io.vavr.Tuple.of(l, kept.length)));
        Architecture narrowed = arch.withWidths(widths);
        List<String> problems = w.problems(narrowed);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("surgery left weights that do not fit: " + problems.mkString("; "));
        }
        return new Pruned(narrowed, w);
    }

    /**
     * The original network with the mixing weights applied: every consumer's input weights for
     * channel i scaled by c_i (zero for channels not kept), at full width. What {@link #prune} must
     * equal exactly; used to check it.
     */
    public static ModelWeights applyMixing(Architecture arch, ModelWeights weights, ChannelGroup group, int[] kept,
                                           double[] multipliers) {
        checkSelection(group, kept, multipliers);
        int[] all = new int[group.width()];
        double[] full = new double[group.width()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int j = 0; j < kept.length; j++) {
            full[kept[j]] = multipliers[j];
        }
        ModelWeights w = weights;
        for (Layer layer : arch.layers()) {
            if (Architecture.hasNeurons(layer) && !group.layers().contains(layer.name())
                    && arch.carriedGroup(layer.input()).contains(group)) {
                w = w.with(layer.name(), ModelWeights.KERNEL, keepInputChannels(arch, layer,
                        w.get(layer.name(), ModelWeights.KERNEL), group.width(), all, full));
            }
        }
        return w;
    }

    private static void checkSelection(ChannelGroup group, int[] kept, double[] multipliers) {
        if (!group.prunable()) {
            throw new IllegalArgumentException("layers " + group.layers().mkString(", ") + " cannot be pruned: "
                    + group.reason());
        }
        if (kept.length == 0 || kept.length != multipliers.length) {
            throw new IllegalArgumentException("need one multiplier per kept channel and at least one channel");
        }
        for (int j = 0; j < kept.length; j++) {
            if (kept[j] < 0 || kept[j] >= group.width() || (j > 0 && kept[j] <= kept[j - 1])) {
                throw new IllegalArgumentException("kept channels must be ascending, distinct and below "
                        + group.width() + ": " + Arrays.toString(kept));
            }
        }
    }

    /** Entries of the last axis in {@code kept} (a kernel's filters, a bias, batch-norm statistics). */
    static FloatArray keepLastAxis(FloatArray a, int[] kept) {
        long[] shape = a.shape();
        int last = (int) shape[shape.length - 1];
        int outer = a.values().length / last;
        float[] v = new float[outer * kept.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < kept.length; j++) {
                v[o * kept.length + j] = a.values()[o * last + kept[j]];
            }
        }
        shape[shape.length - 1] = kept.length;
        return new FloatArray(shape, v);
    }

    /** Filters {@code kept} of a depthwise kernel [k, k, channels, 1]. */
    static FloatArray keepDepthwiseChannels(FloatArray kernel, int[] kept) {
        long[] shape = kernel.shape();
        FloatArray filters = keepLastAxis(new FloatArray(new long[] {shape[0], shape[1], shape[2]}, kernel.values()), kept);
        return new FloatArray(new long[] {shape[0], shape[1], kept.length, 1}, filters.values());
    }

    /**
     * Keeps the input channels {@code kept} of a consumer's kernel, scaled by the multipliers.
     * A conv kernel [k, k, C, out] has the channel on axis 2; a dense kernel [P*C, out] over a
     * flattened image has feature p*C + c (NHWC order), so every pixel's copy of the channel goes.
     */
    static FloatArray keepInputChannels(Architecture arch, Layer consumer, FloatArray kernel, int channels,
                                        int[] kept, double[] multipliers) {
        long[] shape = kernel.shape();
        int out = (int) shape[shape.length - 1];
        int rows = kernel.values().length / out;
        int offsets = rows / channels;
        Shape in = arch.shapeOf(consumer.input());
        if ((long) offsets * channels != rows || (consumer instanceof Layer.Dense && in.size() != rows)) {
            throw new IllegalStateException("layer " + consumer.name() + ": kernel " + kernel.shapeText()
                    + " does not read " + channels + " channels");
        }
        float[] v = new float[offsets * kept.length * out];
        for (int p = 0; p < offsets; p++) {
            for (int j = 0; j < kept.length; j++) {
                int from = (p * channels + kept[j]) * out;
                int to = (p * kept.length + j) * out;
                for (int o = 0; o < out; o++) {
                    v[to + o] = (float) (kernel.values()[from + o] * multipliers[j]);
                }
            }
        }
        long[] newShape = shape.clone();
        if (consumer instanceof Layer.Conv2D) {
            newShape[2] = kept.length;
        } else {
            newShape[0] = (long) offsets * kept.length;
        }
        return new FloatArray(newShape, v);
    }
}
