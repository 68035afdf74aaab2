package io.winnow.dsl.network;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;

/** Shape inference and the structural checks of an {@link Architecture}. */
final class ArchitectureCheck {

    private ArchitectureCheck() {
    }

    static List<String> problems(Shape input, List<Layer> layers) {
        if (input == null) {
            return List.of("no input shape");
        }
        if (layers == null || layers.isEmpty()) {
            return List.of("no layers: the last layer must be a dense classifier");
        }
        List<String> problems = shapes(input, layers).fold(p -> p, s -> List.empty());
        if (!(layers.last() instanceof Layer.Dense)) {
            problems = problems.append("the last layer (" + layers.last().name() + ", " + layers.last().kind()
                    + ") must be a dense classifier whose units are the classes");
        }
        return problems.isEmpty() ? sizeProblems(input, layers) : problems;
    }

    /** Layers too large to hold in a Java array, and parameter or FLOP counts that overflow a long. */
    private static List<String> sizeProblems(Shape input, List<Layer> layers) {
        Map<String, Shape> shapes = shapes(input, layers).get();
        List<String> problems = List.empty();
        long flops = 0;
        for (Layer layer : layers) {
            try {
                LayerCost cost = LayerCost.of(layer, shapes);
                if (cost.params() > Shape.MAX_VALUES) {
                    problems = problems.append("layer " + layer.name() + " (" + layer.kind() + ") has " + cost.params()
                            + " parameters; a layer may hold at most " + Shape.MAX_VALUES);
                }
                flops = Math.addExact(flops, cost.flops());
            } catch (ArithmeticException e) {
                problems = problems.append("layer " + layer.name() + " (" + layer.kind() + "): its parameter or FLOP "
                        + "count exceeds " + Long.MAX_VALUE);
            }
        }
        return problems;
    }

    /** Output shapes in execution order, or every problem found on the way. */
    static Either<List<String>, Map<String, Shape>> shapes(Shape input, List<Layer> layers) {
        Map<String, Shape> shapes = LinkedHashMap.of(Architecture.INPUT, input);
        List<String> problems = List.empty();
        for (Layer layer : layers) {
            if (shapes.containsKey(layer.name())) {
                problems = problems.append("layer name " + layer.name() + " is used twice");
                continue;
            }
            Map<String, Shape> known = shapes;
            List<String> missing = layer.inputs().filter(i -> !known.containsKey(i));
            if (!missing.isEmpty()) {
                problems = problems.append("layer " + layer.name() + " reads " + missing.mkString(", ")
                        + ", which is not an earlier layer (known: " + shapes.keySet().toList().mkString(", ") + ")");
                continue;
            }
            Either<String, Shape> out = outputShape(layer, shapes);
            if (out.isLeft()) {
                problems = problems.append("layer " + layer.name() + " (" + layer.kind() + "): " + out.getLeft());
            } else {
                shapes = shapes.put(layer.name(), out.get());
            }
        }
        return problems.isEmpty() ? Either.right(shapes) : Either.left(problems);
    }

    private static Either<String, Shape> outputShape(Layer layer, Map<String, Shape> shapes) {
        Shape in = shapes.get(layer.input()).get();
        if (layer instanceof Layer.Dense d) {
            return in instanceof Shape.Vector
                    ? Either.right(new Shape.Vector(d.units()))
                    : Either.left("needs a vector input, got image " + in + ": add a flatten or globalAvgPool before it");
        } else if (layer instanceof Layer.Conv2D c) {
            return spatial(in, c.kernel(), c.stride(), c.padding(), c.filters());
        } else if (layer instanceof Layer.DepthwiseConv2D c) {
            return spatial(in, c.kernel(), c.stride(), c.padding(), in.units());
        } else if (layer instanceof Layer.MaxPool p) {
            return spatial(in, p.size(), p.stride(), p.padding(), in.units());
        } else if (layer instanceof Layer.AvgPool p) {
            return spatial(in, p.size(), p.stride(), p.padding(), in.units());
        } else if (layer instanceof Layer.ZeroPad z) {
            return in instanceof Shape.Image img
                    ? Either.right(new Shape.Image(img.height() + z.top() + z.bottom(), img.width() + z.left() + z.right(),
                    img.channels()))
                    : Either.left("needs an image input, got vector " + in);
        } else if (layer instanceof Layer.GlobalAvgPool) {
            return in instanceof Shape.Image img
                    ? Either.right(new Shape.Vector(img.channels()))
                    : Either.left("needs an image input, got vector " + in);
        } else if (layer instanceof Layer.Flatten) {
            return in instanceof Shape.Image img
                    ? Either.right(new Shape.Vector(Math.toIntExact(img.size())))
                    : Either.left("needs an image input, got vector " + in);
        } else if (layer instanceof Layer.Add a) {
            Shape other = shapes.get(a.other()).get();
            return in.equals(other)
                    ? Either.right(in)
                    : Either.left("adds " + a.input() + " (" + in + ") and " + a.other() + " (" + other
                    + "): the shapes must be equal");
        }
        return Either.right(in);
    }

    private static Either<String, Shape> spatial(Shape in, int kernel, int stride, Padding padding, int channels) {
        if (!(in instanceof Shape.Image img)) {
            return Either.left("needs an image input, got vector " + in);
        }
        int h = padding.outputSize(img.height(), kernel, stride);
        int w = padding.outputSize(img.width(), kernel, stride);
        if (h < 1 || w < 1) {
            return Either.left("kernel " + kernel + " with " + padding + " padding does not fit the input " + img);
        }
        return Either.right(new Shape.Image(h, w, channels));
    }
}
