package io.winnow.tf.prune;

import io.vavr.collection.HashSet;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import io.vavr.collection.Set;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;

/**
 * The consumer inputs the last statistics pass read, over the whole calibration split, kept so that the
 * next pass need not run the network from its input again (docs/theory.md section 1, "Two formulations and
 * the cost model"): the statistics then cost about one forward pass over a run instead of one per layer.
 *
 * <p>They are valid for one network (architecture and weights). Cutting a group down to its kept channels
 * (surgery) leaves every layer output that no consumer of the group lies upstream of as it was, restricted
 * to the kept channels where it carries the group's; {@link #narrow} carries the cache over to the cut
 * network on that rule and drops the rest. Shifting the biases of the layers that read the group
 * ({@code correctBias()}) changes only outputs the cut already dropped ({@link #reweigh}); any other change
 * of weights (a finetune after a layer) clears it.
 *
 * <p>A kept channel of a narrowed layer's output, computed at the full width and then restricted, can differ
 * in its last bit from the same channel computed by the narrowed layer (oneDNN sums in another order), so the
 * Grams, and the losses and multipliers of a selection, may differ at float32 rounding with and without the
 * cache. A run whose forward pass over the calibration split costs under {@link #MIN_MULTIPLY_ADDS}
 * (milliseconds) gains nothing from it and runs without, which keeps the results of small runs bit for bit as
 * they were (SelectionPinTest pins them).
 */
final class ActivationCache {

    /** Multiply-adds of one forward pass over the calibration split below which no cache is kept. */
    static final long MIN_MULTIPLY_ADDS = 1L << 30;

    /** Floats kept at most (1 GiB). */
    static final long MAX_VALUES = 1L << 28;

    private final boolean enabled;
    private Architecture architecture;
    private ModelWeights weights;
    private Map<String, FloatArray> outputs = LinkedHashMap.empty();

    ActivationCache(boolean enabled) {
        this.enabled = enabled;
    }

    /** A cache for a run over {@code samples} calibration samples of {@code arch}, or one that keeps nothing. */
    static ActivationCache forRun(Architecture arch, int samples) {
        return new ActivationCache((double) arch.totalFlops() * samples >= MIN_MULTIPLY_ADDS);
    }

    /** A cache that keeps nothing: every statistics pass runs the network from its input. */
    static ActivationCache off() {
        return new ActivationCache(false);
    }

    boolean enabled() {
        return enabled;
    }

    /** Layer outputs over the calibration split that are valid for this network, by layer name; empty if none. */
    synchronized Map<String, FloatArray> validFor(Architecture arch, ModelWeights w) {
        return arch.equals(architecture) && w == weights ? outputs : LinkedHashMap.empty();
    }

    /**
     * Adds the outputs a statistics pass read on this network to those kept for it (a residual block's later
     * pass may need an output read passes ago); beyond {@link #MAX_VALUES} the oldest go first.
     */
    synchronized void remember(Architecture arch, ModelWeights w, Map<String, FloatArray> read) {
        if (!enabled) {
            return;
        }
        Map<String, FloatArray> kept = validFor(arch, w).removeAll(read.keySet()).merge(read);
        while (kept.size() > 1 && kept.values().map(a -> (long) a.values().length).sum().longValue() > MAX_VALUES) {
            kept = kept.tail();
        }
        architecture = arch;
        weights = w;
        outputs = kept;
    }

    /**
     * Carries the cache over to the network {@code group} was cut to (channels {@code kept}, ascending),
     * whose weights {@code weightsAfter} are exactly surgery's; if it held another network, clears it.
     */
    synchronized void narrow(Architecture before, ModelWeights weightsBefore, ChannelGroup group, int[] kept,
                             Architecture after, ModelWeights weightsAfter) {
        if (!before.equals(architecture) || weightsBefore != weights) {
            clear();
            return;
        }
        Set<String> changed = downstreamOf(before, LayerStatistics.consumers(before, group).map(Layer::name));
        Map<String, FloatArray> carried = LinkedHashMap.empty();
        for (var entry : outputs) {
            String layer = entry._1;
            if (changed.contains(layer)) {
                continue;
            }
            boolean carriesGroup = before.carriedGroup(layer).exists(g -> g.layers().equals(group.layers()));
            carried = carried.put(layer, carriesGroup ? select(entry._2, group.width(), kept) : entry._2);
        }
        architecture = after;
        weights = weightsAfter;
        outputs = carried;
    }

    /**
     * Carries the cache over from weights {@code from} of {@code arch} to {@code to}, which differ from them
     * in the parameters of {@code layers} only (the biases {@code correctBias()} shifts, say): the outputs of
     * those layers and of everything after them go, the rest stay. If it held another network, clears it.
     */
    synchronized void reweigh(Architecture arch, ModelWeights from, ModelWeights to, Seq<String> layers) {
        if (!arch.equals(architecture) || from != weights) {
            clear();
            return;
        }
        Set<String> changed = downstreamOf(arch, layers.toList());
        outputs = outputs.filterKeys(layer -> !changed.contains(layer));
        weights = to;
    }

    /**
     * The held outputs a pass that fetches {@code fetched} on this network should be fed: walking back from
     * the fetched layers, the first held output on each path (a fetched layer itself is computed, since
     * TensorFlow refuses a tensor both fed and fetched). Feeding these gives the same bits as feeding every
     * held output, since the rest lie beyond them or off the paths, and copies only what the pass reads.
     */
    synchronized Map<String, FloatArray> feedsFor(Architecture arch, ModelWeights w, Seq<String> fetched) {
        return frontier(arch, fetched, validFor(arch, w));
    }

    /** Of {@code available} outputs, those a pass fetching {@code fetched} reads first, as {@link #feedsFor}. */
    static Map<String, FloatArray> frontier(Architecture arch, Seq<String> fetched, Map<String, FloatArray> available) {
        if (available.isEmpty()) {
            return available;
        }
        java.util.Set<String> feeds = new java.util.HashSet<>();
        java.util.Set<String> seen = new java.util.HashSet<>(fetched.asJava());
        java.util.Deque<String> open = new java.util.ArrayDeque<>(fetched.asJava());
        while (!open.isEmpty()) {
            for (String input : arch.layer(open.pop()).map(Layer::inputs).getOrElse(List.empty())) {
                if (available.containsKey(input) && !fetched.contains(input)) {
                    feeds.add(input);
                } else if (seen.add(input) && !input.equals(Architecture.INPUT)) {
                    open.push(input);
                }
            }
        }
        return available.filterKeys(feeds::contains);
    }

    synchronized void clear() {
        architecture = null;
        weights = null;
        outputs = LinkedHashMap.empty();
    }

    /** The layers whose outputs depend on any of {@code layers}' outputs, those layers included. */
    private static Set<String> downstreamOf(Architecture arch, List<String> layers) {
        Set<String> reached = HashSet.ofAll(layers);
        for (Layer l : arch.layers()) {
            if (l.inputs().exists(reached::contains)) {
                reached = reached.add(l.name());
            }
        }
        return reached;
    }

    /**
     * Channels {@code kept} of an output whose last axis holds {@code width} channels at each position
     * (an NHWC image, or a flattened one: feature p * width + c).
     */
    static FloatArray select(FloatArray values, int width, int[] kept) {
        float[] v = values.values();
        int positions = v.length / width;
        float[] out = new float[positions * kept.length];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < kept.length; j++) {
                out[p * kept.length + j] = v[p * width + kept[j]];
            }
        }
        long[] shape = values.shape().clone();
        shape[shape.length - 1] = shape[shape.length - 1] / width * kept.length;
        return new FloatArray(shape, out);
    }
}
