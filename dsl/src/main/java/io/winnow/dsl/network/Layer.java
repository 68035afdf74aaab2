package io.winnow.dsl.network;

import io.vavr.collection.List;
import java.util.function.UnaryOperator;

/**
 * One layer of an {@link Architecture}. Every layer reads the output of the layer named
 * {@code input} ({@link Architecture#INPUT} for the model's input); {@link Add} also reads {@code other}.
 */
public sealed interface Layer {

    String name();

    /** The layer this one reads. */
    String input();

    /** Every layer this one reads. */
    default List<String> inputs() {
        return List.of(input());
    }

    /** The word used in plans and reports, e.g. {@code conv2d}. */
    String kind();

    /** The same layer reading {@code rename.apply(x)} wherever it read x (to splice a layer out of a network). */
    Layer reading(UnaryOperator<String> rename);

    /** Fully connected: {@code units} neurons over a vector input. Prunable unless it is the classifier. */
    record Dense(String name, String input, int units) implements Layer {
        public Dense {
            Names.check(name);
            positive("units", units, name);
        }

        @Override
        public String kind() {
            return "dense";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new Dense(name, rename.apply(input), units);
        }
    }

    /** 2-D convolution with {@code filters} output channels, square kernel, bias. Prunable by channel. */
    record Conv2D(String name, String input, int filters, int kernel, int stride, Padding padding) implements Layer {
        public Conv2D {
            Names.check(name);
            positive("filters", filters, name);
            positive("kernel", kernel, name);
            positive("stride", stride, name);
        }

        @Override
        public String kind() {
            return "conv2d";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new Conv2D(name, rename.apply(input), filters, kernel, stride, padding);
        }
    }

    /**
     * Depthwise 2-D convolution (depth multiplier 1): each input channel convolved with its own
     * square kernel, plus a bias. It has no neurons of its own: its output channels are its input's,
     * so it carries its input's channels and is narrowed with the layer that made them.
     */
    record DepthwiseConv2D(String name, String input, int kernel, int stride, Padding padding) implements Layer {
        public DepthwiseConv2D {
            Names.check(name);
            positive("kernel", kernel, name);
            positive("stride", stride, name);
        }

        @Override
        public String kind() {
            return "depthwiseconv2d";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new DepthwiseConv2D(name, rename.apply(input), kernel, stride, padding);
        }
    }

    /** Batch normalisation over the channels (the last axis). */
    record BatchNorm(String name, String input) implements Layer {
        public BatchNorm {
            Names.check(name);
        }

        @Override
        public String kind() {
            return "batchnorm";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new BatchNorm(name, rename.apply(input));
        }
    }

    record ReLU(String name, String input) implements Layer {
        public ReLU {
            Names.check(name);
        }

        @Override
        public String kind() {
            return "relu";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new ReLU(name, rename.apply(input));
        }
    }

    /** min(max(x, 0), 6), as in MobileNetV2. */
    record ReLU6(String name, String input) implements Layer {
        public ReLU6 {
            Names.check(name);
        }

        @Override
        public String kind() {
            return "relu6";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new ReLU6(name, rename.apply(input));
        }
    }

    record MaxPool(String name, String input, int size, int stride, Padding padding) implements Layer {
        public MaxPool {
            Names.check(name);
            positive("size", size, name);
            positive("stride", stride, name);
        }

        @Override
        public String kind() {
            return "maxpool";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new MaxPool(name, rename.apply(input), size, stride, padding);
        }
    }

    record AvgPool(String name, String input, int size, int stride, Padding padding) implements Layer {
        public AvgPool {
            Names.check(name);
            positive("size", size, name);
            positive("stride", stride, name);
        }

        @Override
        public String kind() {
            return "avgpool";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new AvgPool(name, rename.apply(input), size, stride, padding);
        }
    }

    /**
     * Zeros around an image: {@code top} rows above, {@code bottom} below, {@code left} and {@code right}
     * columns beside, every channel alike. What PyTorch's symmetric padding becomes where TensorFlow's
     * SAME would pad differently (stride 2 on an even size): the next layer then reads it VALID.
     */
    record ZeroPad(String name, String input, int top, int bottom, int left, int right) implements Layer {
        public ZeroPad {
            Names.check(name);
            if (top < 0 || bottom < 0 || left < 0 || right < 0) {
                throw new IllegalArgumentException("layer " + name + ": padding must be >= 0 on every side, got top "
                        + top + ", bottom " + bottom + ", left " + left + ", right " + right);
            }
        }

        @Override
        public String kind() {
            return "zeropad";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new ZeroPad(name, rename.apply(input), top, bottom, left, right);
        }
    }

    /** Mean over height and width: image to vector of channels. */
    record GlobalAvgPool(String name, String input) implements Layer {
        public GlobalAvgPool {
            Names.check(name);
        }

        @Override
        public String kind() {
            return "globalavgpool";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new GlobalAvgPool(name, rename.apply(input));
        }
    }

    /** Image to vector, in height, width, channel order (NHWC, as TensorFlow reshapes). */
    record Flatten(String name, String input) implements Layer {
        public Flatten {
            Names.check(name);
        }

        @Override
        public String kind() {
            return "flatten";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new Flatten(name, rename.apply(input));
        }
    }

    /** Element-wise sum of two outputs of the same shape: a residual connection. Couples their channels. */
    record Add(String name, String input, String other) implements Layer {
        public Add {
            Names.check(name);
        }

        @Override
        public List<String> inputs() {
            return List.of(input, other);
        }

        @Override
        public String kind() {
            return "add";
        }

        @Override
        public Layer reading(UnaryOperator<String> rename) {
            return new Add(name, rename.apply(input), rename.apply(other));
        }
    }

    private static void positive(String what, int value, String layer) {
        if (value < 1) {
            throw new IllegalArgumentException("layer " + layer + ": " + what + " must be >= 1, got " + value);
        }
    }

    /** Layer names: what recipe globs can address. */
    final class Names {
        private Names() {
        }

        static void check(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_.\\-/]+")) {
                throw new IllegalArgumentException("layer name \"" + name
                        + "\" may hold only letters, digits, _ . - /");
            }
        }
    }
}
