package io.winnow.dsl.network;

import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

/**
 * A network as pure data: named layers in execution order, each reading an earlier layer's output
 * (or {@link #INPUT}). The last layer is the classifier: a {@link Layer.Dense} whose units are the
 * classes, followed by softmax. Shapes, coupled channels, parameters and FLOPs are derived here,
 * once, so the plan and the TensorFlow backend agree on them.
 *
 * <p>Construction checks the whole network and throws {@link IllegalArgumentException} listing
 * every problem (unknown inputs, shape mismatches, duplicate names). It also derives, once, the
 * shapes and the channel groups that every later question reads: an architecture is an immutable
 * value whose derived facts are computed when it is made, not on every call.
 */
public final class Architecture {

    /** The name by which layers read the model's input. */
    public static final String INPUT = "input";

    private final String name;
    private final Shape input;
    private final List<Layer> layers;
    private final Map<String, Shape> shapes;
    private final ChannelGroup.Analysis channels;

    public Architecture(String name, Shape input, List<Layer> layers) {
        List<String> problems = ArchitectureCheck.problems(input, layers);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("architecture " + name + ": " + problems.mkString("; "));
        }
        this.name = name;
        this.input = input;
        this.layers = layers;
        this.shapes = ArchitectureCheck.shapes(input, layers).get();
        this.channels = ChannelGroup.analyse(this);
    }

    public String name() {
        return name;
    }

    public Shape input() {
        return input;
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture a && name.equals(a.name) && input.equals(a.input) && layers.equals(a.layers);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, input, layers);
    }

    @Override
    public String toString() {
        return "Architecture[name=" + name + ", input=" + input + ", layers=" + layers + "]";
    }

    public static Builder builder(String name, Shape input) {
        return new Builder(name, input, List.empty(), INPUT);
    }

    public Option<Layer> layer(String layerName) {
        return layers.find(l -> l.name().equals(layerName));
    }

    /** The classifier: the last layer. */
    public Layer.Dense classifier() {
        return (Layer.Dense) layers.last();
    }

    public int classes() {
        return classifier().units();
    }

    /** The output shape of every layer, and of {@link #INPUT}, in execution order. */
    public Map<String, Shape> shapes() {
        return shapes;
    }

    public Shape shapeOf(String layerName) {
        return shapes().get(layerName).getOrElseThrow(() -> new IllegalArgumentException("no layer " + layerName));
    }

    /** The width (output channels or units) of a Dense or Conv2D layer. */
    public static int widthOf(Layer layer) {
        if (layer instanceof Layer.Dense d) {
            return d.units();
        } else if (layer instanceof Layer.Conv2D c) {
            return c.filters();
        }
        throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.kind() + ") has no width of its own");
    }

    /** Layers whose neurons selection chooses among: Dense and Conv2D. */
    public static boolean hasNeurons(Layer layer) {
        return layer instanceof Layer.Dense || layer instanceof Layer.Conv2D;
    }

    /** The channel groups: Dense and Conv2D layers whose channels are tied together by residual adds. */
    public List<ChannelGroup> groups() {
        return channels.groups();
    }

    /** The group a Dense or Conv2D layer belongs to. */
    public ChannelGroup groupOf(String layerName) {
        return groups().find(g -> g.layers().contains(layerName))
                .getOrElseThrow(() -> new IllegalArgumentException("layer " + layerName + " has no neurons to select"));
    }

    /**
     * The group whose channels a layer's output carries (a batch norm or pooling layer carries the
     * channels of the convolution before it), or none for outputs that carry the model input's.
     */
    public Option<ChannelGroup> carriedGroup(String layerName) {
        String carrier = channels.carriers().get(layerName);
        if (carrier == null) {
            throw new IllegalArgumentException("no layer " + layerName);
        }
        return carrier.equals(INPUT) ? Option.none() : Option.some(groupOf(carrier));
    }

    /** Dense and Conv2D layers that selection may narrow, in execution order. */
    public List<String> prunableLayers() {
        List<ChannelGroup> groups = groups();
        return layers.filter(Architecture::hasNeurons).map(Layer::name)
                .filter(n -> groups.exists(g -> g.prunable() && g.layers().contains(n)));
    }

    /**
     * The Dense and Conv2D layers that read the channels {@code layerName} produces, looking
     * through batch norm, activations, pooling, flatten, adds and depthwise convolutions (which
     * carry their input's channels): the "next layer" whose input weights a kept channel's
     * multiplier is folded into.
     */
    public List<String> consumers(String layerName) {
        List<String> result = List.empty();
        List<String> frontier = List.of(layerName);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!frontier.isEmpty()) {
            String current = frontier.head();
            frontier = frontier.tail();
            for (Layer l : layers) {
                if (l.inputs().contains(current) && seen.add(l.name())) {
                    if (hasNeurons(l)) {
                        result = result.append(l.name());
                    } else {
                        frontier = frontier.append(l.name());
                    }
                }
            }
        }
        return result;
    }

    /** The same network with some Dense/Conv2D layers narrowed (or widened) to the given widths. */
    public Architecture withWidths(Map<String, Integer> widths) {
        List<Layer> resized = layers.map(l -> widths.get(l.name()).map(w -> resize(l, w)).getOrElse(l));
        return new Architecture(name, input, resized);
    }

    private static Layer resize(Layer layer, int width) {
        if (layer instanceof Layer.Dense d) {
            return new Layer.Dense(d.name(), d.input(), width);
        } else if (layer instanceof Layer.Conv2D c) {
            return new Layer.Conv2D(c.name(), c.input(), width, c.kernel(), c.stride(), c.padding());
        }
        throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.kind() + ") has no width to change");
    }

    /** Parameters and FLOPs of every layer, in execution order. */
    public List<LayerCost> costs() {
        Map<String, Shape> shapes = shapes();
        return layers.map(l -> LayerCost.of(l, shapes));
    }

    public long totalParams() {
        return costs().map(LayerCost::params).sum().longValue();
    }

    public long totalFlops() {
        return costs().map(LayerCost::flops).sum().longValue();
    }

    /** Current widths of every Dense and Conv2D layer. */
    public Map<String, Integer> widths() {
        return LinkedHashMap.ofEntries(layers.filter(Architecture::hasNeurons).map(l -> Tuple.of(l.name(), widthOf(l))));
    }

    /** Chained construction: each call adds a layer reading the previous one (or the one named by {@link #from}). */
    public record Builder(String name, Shape input, List<Layer> layers, String last) {

        private Builder add(Layer layer) {
            return new Builder(name, input, layers.append(layer), layer.name());
        }

        /** The next layer reads this one instead of the last added (for branches). */
        public Builder from(String layerName) {
            return new Builder(name, input, layers, layerName);
        }

        public Builder dense(String layerName, int units) {
            return add(new Layer.Dense(layerName, last, units));
        }

        public Builder conv(String layerName, int filters, int kernel) {
            return conv(layerName, filters, kernel, 1, Padding.SAME);
        }

        public Builder conv(String layerName, int filters, int kernel, int stride, Padding padding) {
            return add(new Layer.Conv2D(layerName, last, filters, kernel, stride, padding));
        }

        /** A depthwise convolution with stride 1 and SAME padding. */
        public Builder depthwiseConv(String layerName, int kernel) {
            return depthwiseConv(layerName, kernel, 1, Padding.SAME);
        }

        public Builder depthwiseConv(String layerName, int kernel, int stride, Padding padding) {
            return add(new Layer.DepthwiseConv2D(layerName, last, kernel, stride, padding));
        }

        public Builder batchNorm(String layerName) {
            return add(new Layer.BatchNorm(layerName, last));
        }

        public Builder relu(String layerName) {
            return add(new Layer.ReLU(layerName, last));
        }

        public Builder relu6(String layerName) {
            return add(new Layer.ReLU6(layerName, last));
        }

        public Builder maxPool(String layerName, int size) {
            return add(new Layer.MaxPool(layerName, last, size, size, Padding.VALID));
        }

        public Builder avgPool(String layerName, int size) {
            return add(new Layer.AvgPool(layerName, last, size, size, Padding.VALID));
        }

        public Builder zeroPad(String layerName, int top, int bottom, int left, int right) {
            return add(new Layer.ZeroPad(layerName, last, top, bottom, left, right));
        }

        public Builder globalAvgPool(String layerName) {
            return add(new Layer.GlobalAvgPool(layerName, last));
        }

        public Builder flatten(String layerName) {
            return add(new Layer.Flatten(layerName, last));
        }

        /** A residual add of the last layer's output and {@code other}'s. */
        public Builder add(String layerName, String other) {
            return add(new Layer.Add(layerName, last, other));
        }

        /** Channels (or features) of a layer added so far, or of {@link #INPUT}. */
        public int unitsOf(String layerName) {
            return ArchitectureCheck.shapes(input, layers)
                    .getOrElseThrow(p -> new IllegalArgumentException(p.mkString("; ")))
                    .get(layerName).getOrElseThrow(() -> new IllegalArgumentException("no layer " + layerName))
                    .units();
        }

        public Architecture build() {
            return new Architecture(name, input, layers);
        }
    }
}
