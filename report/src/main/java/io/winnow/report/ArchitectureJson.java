package io.winnow.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;

/**
 * The JSON form of an {@link Architecture}, written by hand against Jackson's tree model so that the
 * dsl module stays free of JSON annotations and the file format is explicit:
 * <pre>{"format": "winnow-architecture/1", "name": "cnn",
 *  "input": {"height": 28, "width": 28, "channels": 1},   (or {"features": n})
 *  "layers": [{"kind": "conv2d", "name": "conv1", "input": "input", "filters": 32, "kernel": 5,
 *              "stride": 1, "padding": "SAME"}, ...]}</pre>
 * Layer fields are the record components of each {@link Layer} kind; {@code kind} is {@link Layer#kind()}.
 */
public final class ArchitectureJson {

    public static final String FORMAT = "winnow-architecture/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ArchitectureJson() {
    }

    public static String write(Architecture arch) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", arch.name());
        ObjectNode input = root.putObject("input");
        if (arch.input() instanceof Shape.Image img) {
            input.put("height", img.height()).put("width", img.width()).put("channels", img.channels());
        } else {
            input.put("features", arch.input().size());
        }
        ArrayNode layers = root.putArray("layers");
        for (Layer layer : arch.layers()) {
            ObjectNode l = layers.addObject().put("kind", layer.kind()).put("name", layer.name()).put("input", layer.input());
            if (layer instanceof Layer.Dense d) {
                l.put("units", d.units());
            } else if (layer instanceof Layer.Conv2D c) {
                l.put("filters", c.filters()).put("kernel", c.kernel()).put("stride", c.stride()).put("padding", c.padding().name());
            } else if (layer instanceof Layer.DepthwiseConv2D c) {
                l.put("kernel", c.kernel()).put("stride", c.stride()).put("padding", c.padding().name());
            } else if (layer instanceof Layer.MaxPool p) {
                l.put("size", p.size()).put("stride", p.stride()).put("padding", p.padding().name());
            } else if (layer instanceof Layer.AvgPool p) {
                l.put("size", p.size()).put("stride", p.stride()).put("padding", p.padding().name());
            } else if (layer instanceof Layer.ZeroPad z) {
                l.put("top", z.top()).put("bottom", z.bottom()).put("left", z.left()).put("right", z.right());
            } else if (layer instanceof Layer.Add a) {
                l.put("other", a.other());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param source named in error messages, e.g. the file */
    public static Architecture read(String json, String source) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new ModelFormatException(source + ": expected a JSON object describing an architecture");
            }
            String format = root.path("format").asText("");
            if (!FORMAT.equals(format)) {
                throw new ModelFormatException(source + ": format is \"" + format + "\", expected \"" + FORMAT + "\"");
            }
            JsonNode in = required(root, "input", source);
            Shape input = in.has("features") ? Shape.vector(integer(in, "features", source))
                    : Shape.image(integer(in, "height", source), integer(in, "width", source), integer(in, "channels", source));
            List<Layer> layers = List.empty();
            for (JsonNode l : required(root, "layers", source)) {
                layers = layers.append(layer(l, source));
            }
            return new Architecture(text(root, "name", source), input, layers);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static Layer layer(JsonNode l, String source) {
        String kind = text(l, "kind", source);
        String name = text(l, "name", source);
        String input = text(l, "input", source);
        return switch (kind) {
            case "dense" -> new Layer.Dense(name, input, integer(l, "units", source));
            case "conv2d" -> new Layer.Conv2D(name, input, integer(l, "filters", source), integer(l, "kernel", source),
                    integer(l, "stride", source), padding(l, source));
            case "depthwiseconv2d" -> new Layer.DepthwiseConv2D(name, input, integer(l, "kernel", source),
                    integer(l, "stride", source), padding(l, source));
            case "batchnorm" -> new Layer.BatchNorm(name, input);
            case "relu" -> new Layer.ReLU(name, input);
            case "relu6" -> new Layer.ReLU6(name, input);
            case "maxpool" -> new Layer.MaxPool(name, input, integer(l, "size", source), integer(l, "stride", source), padding(l, source));
            case "avgpool" -> new Layer.AvgPool(name, input, integer(l, "size", source), integer(l, "stride", source), padding(l, source));
            case "zeropad" -> new Layer.ZeroPad(name, input, integer(l, "top", source), integer(l, "bottom", source),
                    integer(l, "left", source), integer(l, "right", source));
            case "globalavgpool" -> new Layer.GlobalAvgPool(name, input);
            case "flatten" -> new Layer.Flatten(name, input);
            case "add" -> new Layer.Add(name, input, text(l, "other", source));
            default -> throw new ModelFormatException(source + ": layer " + name + " has unknown kind \"" + kind + "\"");
        };
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ModelFormatException(source + ": missing field \"" + field + "\" in " + node);
        }
        return value;
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = required(node, field, source);
        if (!value.isTextual()) {
            throw new ModelFormatException(source + ": field \"" + field + "\" must be a string in " + node);
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, String source) {
        JsonNode value = required(node, field, source);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ModelFormatException(source + ": field \"" + field + "\" must be an integer in " + node);
        }
        return value.intValue();
    }

    private static Padding padding(JsonNode node, String source) {
        String p = text(node, "padding", source);
        try {
            return Padding.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": padding \"" + p + "\" must be SAME or VALID");
        }
    }
}
