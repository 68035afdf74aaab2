package io.winnow.dsl.network;

import io.vavr.collection.List;
import io.vavr.control.Option;

/** The built-in example architectures, all for 28x28x1 inputs and 10 classes (Fashion-MNIST). */
public final class Architectures {

    public static final Shape MNIST = new Shape.Image(28, 28, 1);
    public static final int CLASSES = 10;

    private Architectures() {
    }

    /** Every built-in name, in the order {@code winnow --help} lists them. */
    public static List<String> names() {
        return List.of("mlp", "cnn", "vgg-small", "resnet-small");
    }

    public static Option<Architecture> byName(String name) {
        return switch (name) {
            case "mlp" -> Option.some(mlp(512, 512));
            case "cnn" -> Option.some(cnn(32, 64, 256));
            case "vgg-small" -> Option.some(vggSmall(32, 64, 128));
            case "resnet-small" -> Option.some(resnetSmall(16));
            default -> Option.none();
        };
    }

    /** 784-h1-h2-10 with ReLU. */
    public static Architecture mlp(int hidden1, int hidden2) {
        return Architecture.builder("mlp", MNIST)
                .flatten("flatten")
                .dense("fc1", hidden1).relu("relu1")
                .dense("fc2", hidden2).relu("relu2")
                .dense("logits", CLASSES)
                .build();
    }

    /** LeNet-style: conv5x5-BN-ReLU-pool twice, a hidden dense layer, the classifier. */
    public static Architecture cnn(int conv1, int conv2, int hidden) {
        return Architecture.builder("cnn", MNIST)
                .conv("conv1", conv1, 5).batchNorm("bn1").relu("relu1").maxPool("pool1", 2)
                .conv("conv2", conv2, 5).batchNorm("bn2").relu("relu2").maxPool("pool2", 2)
                .flatten("flatten")
                .dense("fc1", hidden).relu("relu3")
                .dense("logits", CLASSES)
                .build();
    }

    /** Six 3x3 conv layers with BN in three pooled blocks of widths w1, w2, w3, then fc256 and the classifier. */
    public static Architecture vggSmall(int w1, int w2, int w3) {
        Architecture.Builder b = Architecture.builder("vgg-small", MNIST);
        int[] widths = {w1, w1, w2, w2, w3, w3};
        for (int i = 0; i < widths.length; i++) {
            int n = i + 1;
            b = b.conv("conv" + n, widths[i], 3).batchNorm("bn" + n).relu("relu" + n);
            if (n % 2 == 0) {
                b = b.maxPool("pool" + (n / 2), 2);
            }
        }
        return b.flatten("flatten").dense("fc1", 256).relu("relu_fc1").dense("logits", CLASSES).build();
    }

    /**
     * ResNet-8: a 3x3 stem, three basic blocks of widths w, 2w, 4w (the last two with stride 2 and
     * a 1x1 projection shortcut), global average pooling, the classifier.
     */
    public static Architecture resnetSmall(int w) {
        Architecture.Builder b = Architecture.builder("resnet-small", MNIST)
                .conv("stem", w, 3).batchNorm("stem_bn").relu("stem_relu");
        b = basicBlock(b, "block1", "stem_relu", w, 1);
        b = basicBlock(b, "block2", "block1_relu", 2 * w, 2);
        b = basicBlock(b, "block3", "block2_relu", 4 * w, 2);
        return b.globalAvgPool("gap").dense("logits", CLASSES).build();
    }

    /** conv3x3(stride)-BN-ReLU-conv3x3-BN, plus the shortcut (identity, or 1x1 conv-BN when the shape changes), add, ReLU. */
    public static Architecture.Builder basicBlock(Architecture.Builder b, String name, String in, int width, int stride) {
        b = b.from(in)
                .conv(name + "_conv1", width, 3, stride, Padding.SAME).batchNorm(name + "_bn1").relu(name + "_relu1")
                .conv(name + "_conv2", width, 3).batchNorm(name + "_bn2");
        String shortcut = in;
        boolean project = stride != 1 || b.unitsOf(in) != width;
        if (project) {
            b = b.from(in).conv(name + "_proj", width, 1, stride, Padding.SAME).batchNorm(name + "_proj_bn");
            shortcut = name + "_proj_bn";
        }
        return b.from(name + "_bn2").add(name + "_add", shortcut).relu(name + "_relu");
    }
}
