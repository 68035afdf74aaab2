package io.winnow.tf.prune;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Model;

/**
 * The outputs that a network cut down in one group reads from the layers upstream of that group: the
 * inputs of the group's layers and of everything after them that come from outside (a residual branch
 * that starts before the group, say). Cutting the group changes none of these layers, so the probes of
 * one group (the width plan's damage curve, the accuracy bisection's candidates) compute them once, on the
 * network before the cut, and feed them to every cut network, which then runs only what lies after them.
 * The results are the same bits: the fed outputs are what the cut network would compute itself, batch by
 * batch ({@code UpstreamTest}).
 *
 * @param architecture the network before the cut
 * @param weights      its weights
 * @param group        the group cut
 * @param outputs      the layers' outputs over the whole calibration split, by layer; empty where the
 *                     group reads the network's input directly, or the outputs would not fit {@link #MAX_VALUES}
 */
record Upstream(Architecture architecture, ModelWeights weights, ChannelGroup group, Map<String, FloatArray> outputs) {

    /** Floats kept at most (256 MiB); a larger frontier is recomputed by every probe, as before. */
    static final long MAX_VALUES = 1L << 26;

    /** The frontier's outputs on {@code calibration}, computed by the network before the cut. */
    static Upstream of(Architecture arch, ModelWeights weights, ChannelGroup group, Split calibration) {
        List<String> frontier = frontier(arch, group);
        long values = frontier.map(l -> arch.shapeOf(l).size()).sum().longValue() * calibration.size();
        if (frontier.isEmpty() || values > MAX_VALUES) {
            return new Upstream(arch, weights, group, LinkedHashMap.empty());
        }
        try (Model model = Model.forInference(arch, weights)) {
            return new Upstream(arch, weights, group, model.activations(calibration, frontier));
        }
    }

    /** Whether these are the outputs for cutting {@code group} of this very network (the same objects). */
    boolean isFor(Architecture arch, ModelWeights w, ChannelGroup g) {
        return architecture == arch && weights == w && group.equals(g);
    }

    /**
     * The layers outside the group and everything after it whose outputs something in there reads,
     * in the network's order; the network's input is fed anyway and is left out.
     */
    static List<String> frontier(Architecture arch, ChannelGroup group) {
        java.util.Set<String> after = new java.util.HashSet<>(group.layers().asJava());
        java.util.Set<String> frontier = new java.util.LinkedHashSet<>();
        for (Layer layer : arch.layers()) {
            if (after.contains(layer.name()) || layer.inputs().exists(after::contains)) {
                after.add(layer.name());
            }
        }
        for (Layer layer : arch.layers()) {
            if (after.contains(layer.name())) {
                layer.inputs().filter(i -> !after.contains(i) && !i.equals(Architecture.INPUT)).forEach(frontier::add);
            }
        }
        return List.ofAll(arch.layers()).map(Layer::name).filter(frontier::contains);
    }
}
