package io.winnow.engine.model;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;

import java.util.HashSet;
import java.util.Set;

/**
 * Moves a per-channel scale between the two sides of a channel group without changing what the network
 * computes (docs/theory.md section 7): channel i's output is multiplied by s_i where it is made, and
 * every consumer's input weights for channel i are divided by s_i.
 *
 * <p>Surgery folds each kept channel's multiplier c_i into the consumers only, so after optimizeGamma
 * a consumer's weights can be 10-20 times what training left them while the producer's are unchanged.
 * SGD steps on a product u·v are well conditioned when |u| and |v| are alike; a factor c_i on one
 * side multiplies the other side's gradient by c_i, and a finetune at a learning rate that suits the
 * trained network diverges. {@link #undoMultipliers} splits c_i evenly, √c_i on each side.
 *
 * <p>Exact only where the channel's path is positively homogeneous: the scale is applied at each
 * producer (kernel filter and bias) or at the batch norm that alone reads it (gamma and beta), and every
 * other layer carrying the group must be a ReLU, a pooling layer, a zero padding, a flatten or an add. A group with a
 * ReLU6, a depthwise convolution or a batch norm after an add on its path is left as it is.
 */
public final class Rebalance {

    private Rebalance() {
    }

    /** A group (by its layers) and the multipliers surgery folded into its consumers, one per kept channel. */
    public record Folded(List<String> layers, double[] multipliers) {
    }

    /**
     * Splits every group's folded multipliers evenly between producer and consumers (s_i = √c_i), in the
     * narrowed architecture {@code arch}. Groups whose path is not positively homogeneous, or whose
     * multipliers are all 1, are left unchanged.
     */
    public static ModelWeights undoMultipliers(Architecture arch, ModelWeights weights, List<Folded> groups) {
        return undo(arch, weights, groups).weights();
    }

    /** What {@link #undoMultipliers} did: the weights, and the groups it rescaled and left as they were. */
    public record Outcome(ModelWeights weights, List<String> rescaled, List<String> left) {
    }

    /** {@link #undoMultipliers}, saying which groups were rescaled. */
    public static Outcome undo(Architecture arch, ModelWeights weights, List<Folded> groups) {
        ModelWeights w = weights;
        List<String> rescaled = List.empty();
        List<String> left = List.empty();
        for (Folded f : groups) {
            double[] s = new double[f.multipliers().length];
            boolean identity = true;
            for (int i = 0; i < s.length; i++) {
                double c = f.multipliers()[i];
                s[i] = c > 0 && Double.isFinite(c) ? Math.sqrt(c) : 1;
                identity &= s[i] == 1;
            }
            if (identity) {
                continue;
            }
            String name = f.layers().mkString("+");
            Option<ModelWeights> scaled = scale(arch, w, arch.groupOf(f.layers().head()), s);
            if (scaled.isDefined()) {
                w = scaled.get();
                rescaled = rescaled.append(name);
            } else {
                left = left.append(name);
            }
        }
        return new Outcome(w, rescaled, left);
    }

    /**
     * Channel i of {@code group} scaled by {@code s[i]} (> 0) where it is made and by 1/s[i] where it is
     * read: the same function, or none when the group's path is not positively homogeneous.
     */
    public static Option<ModelWeights> scale(Architecture arch, ModelWeights weights, ChannelGroup group, double[] s) {
        if (s.length != group.width()) {
            throw new IllegalArgumentException("need one scale per channel of " + group.layers().mkString("+")
                    + " (" + group.width() + "), got " + s.length);
        }
        for (double v : s) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("scales must be positive and finite, got " + v);
            }
        }
        Set<String> points = new HashSet<>();
        for (String producer : group.layers()) {
            List<Layer> readers = arch.layers().filter(l -> l.inputs().contains(producer));
            boolean normalised = readers.size() == 1 && readers.head() instanceof Layer.BatchNorm;
            points.add(normalised ? readers.head().name() : producer);
        }
        for (Layer l : arch.layers()) {
            boolean carrier = !Architecture.hasNeurons(l) && arch.carriedGroup(l.name()).contains(group);
            if (carrier && !points.contains(l.name()) && !homogeneous(l)) {
                return Option.none();
            }
        }
        double[] inverse = new double[s.length];
        int[] all = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            inverse[i] = 1 / s[i];
            all[i] = i;
        }
        ModelWeights w = weights;
        for (Layer l : arch.layers()) {
            String name = l.name();
            if (points.contains(name)) {
                List<String> params = l instanceof Layer.BatchNorm
                        ? List.of(ModelWeights.GAMMA, ModelWeights.BETA) : List.of(ModelWeights.KERNEL, ModelWeights.BIAS);
                for (String p : params) {
                    w = w.with(name, p, scaleLastAxis(w.get(name, p), s));
                }
            } else if (Architecture.hasNeurons(l) && !group.layers().contains(name)
                    && arch.carriedGroup(l.input()).contains(group)) {
                w = w.with(name, ModelWeights.KERNEL,
                        Surgery.keepInputChannels(arch, l, w.get(name, ModelWeights.KERNEL), s.length, all, inverse));
            }
        }
        return Option.some(w);
    }

    private static boolean homogeneous(Layer l) {
        return l instanceof Layer.ReLU || l instanceof Layer.MaxPool || l instanceof Layer.AvgPool
                || l instanceof Layer.GlobalAvgPool || l instanceof Layer.Flatten || l instanceof Layer.Add
                || l instanceof Layer.ZeroPad;
    }

    private static FloatArray scaleLastAxis(FloatArray a, double[] s) {
        float[] v = a.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * s[i % s.length]);
        }
        return new FloatArray(a.shape(), v);
    }
}
