package io.winnow.dsl.network;

import io.vavr.collection.List;

/**
 * Dense/Conv2D layers whose output channels are tied: a residual add sums them channel by channel,
 * so a channel is kept or removed in all of them at once. A layer without adds is a group of one.
 *
 * @param layers   the Dense/Conv2D layers of the group, in execution order
 * @param width    their common width
 * @param prunable false when the group holds the classifier or is tied to the model input
 * @param reason   why it is not prunable (empty when it is)
 */
public record ChannelGroup(List<String> layers, int width, boolean prunable, String reason) {

    public boolean isCoupled() {
        return layers.size() > 1;
    }

    /** The groups of a network and, for every layer output (and the input), the first layer of the
     *  group whose channels it carries, or {@link Architecture#INPUT}. */
    record Analysis(List<ChannelGroup> groups, java.util.Map<String, String> carriers) {
    }

    /** Computed once, when an {@link Architecture} is made. */
    static Analysis analyse(Architecture arch) {
        java.util.Map<String, String> parent = new java.util.HashMap<>();
        // Each layer output lives in a channel space: the Dense/Conv2D layer (or the input) that made it.
        java.util.Map<String, String> space = new java.util.HashMap<>();
        space.put(Architecture.INPUT, Architecture.INPUT);
        parent.put(Architecture.INPUT, Architecture.INPUT);
        for (Layer l : arch.layers()) {
            if (Architecture.hasNeurons(l)) {
                space.put(l.name(), l.name());
                parent.put(l.name(), l.name());
            } else if (l instanceof Layer.Flatten) {
                // Flatten keeps the channel identity: removing channel c removes its h*w features.
                space.put(l.name(), space.get(l.input()));
            } else if (l instanceof Layer.DepthwiseConv2D) {
                // One filter per input channel: output channel c is input channel c filtered, so
                // removing channel c of the producer removes the depthwise filter c with it.
                space.put(l.name(), space.get(l.input()));
            } else if (l instanceof Layer.Add a) {
                String x = find(parent, space.get(a.input()));
                String y = find(parent, space.get(a.other()));
                if (!x.equals(y)) {
                    parent.put(x, y);
                }
                space.put(l.name(), y);
            } else {
                space.put(l.name(), space.get(l.input()));
            }
        }
        String classifier = arch.classifier().name();
        java.util.Map<String, List<String>> members = new java.util.LinkedHashMap<>();
        for (Layer l : arch.layers()) {
            if (Architecture.hasNeurons(l)) {
                members.merge(find(parent, l.name()), List.of(l.name()), List::appendAll);
            }
        }
        List<ChannelGroup> groups = List.empty();
        for (var e : members.entrySet()) {
            List<String> names = e.getValue();
            int width = Architecture.widthOf(arch.layer(names.head()).get());
            String reason = "";
            if (names.contains(classifier)) {
                reason = "the classifier output is never pruned";
            } else if (find(parent, Architecture.INPUT).equals(e.getKey())) {
                reason = "its channels are added to the model input, which is never pruned";
            }
            groups = groups.append(new ChannelGroup(names, width, reason.isEmpty(), reason));
        }
        java.util.Map<String, String> carriers = new java.util.LinkedHashMap<>();
        for (var e : space.entrySet()) {
            String root = find(parent, e.getValue());
            carriers.put(e.getKey(), root.equals(find(parent, Architecture.INPUT))
                    ? Architecture.INPUT : members.get(root).head());
        }
        return new Analysis(groups, java.util.Collections.unmodifiableMap(carriers));
    }

    private static String find(java.util.Map<String, String> parent, String x) {
        String root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }
}
