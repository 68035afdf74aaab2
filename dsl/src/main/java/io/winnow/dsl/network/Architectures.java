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
        return List.of("mlp", "cnn", "vgg-small", "resnet-small", "mobilenetv2");
    }

    public static Option<Architecture> byName(String name) {
        return switch (name) {
            case "mlp" -> Option.some(mlp(512, 512));
            case "cnn" -> Option.some(cnn(32, 64, 256));
            case "vgg-small" -> Option.some(vggSmall(32, 64, 128));
            case "resnet-small" -> Option.some(resnetSmall(16));
            case "mobilenetv2" -> Option.some(mobilenetV2());
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

    /**
     * A small MobileNetV2 for 28x28 inputs: a 3x3 stem of 16, five inverted residual blocks
     * (expansion, output channels, stride: 3,16,1; 4,24,2; 4,24,1; 4,32,2; 4,32,1), a 1x1 conv of 128
     * with ReLU6, global average pooling, the classifier. About 5 MFLOPs per sample.
     */
    public static Architecture mobilenetV2() {
        Architecture.Builder b = Architecture.builder("mobilenetv2", MNIST)
                .conv("stem", 16, 3).batchNorm("stem_bn").relu6("stem_relu");
        int[][] blocks = {{3, 16, 1}, {4, 24, 2}, {4, 24, 1}, {4, 32, 2}, {4, 32, 1}};
        String in = "stem_relu";
        for (int i = 0; i < blocks.length; i++) {
            b = invertedResidual(b, "block" + (i + 1), in, blocks[i][0], blocks[i][1], blocks[i][2]);
            in = b.last();
        }
        return b.conv("head", 128, 1).batchNorm("head_bn").relu6("head_relu")
                .globalAvgPool("gap").dense("logits", CLASSES).build();
    }

    /**
     * MobileNetV2's inverted residual block: a 1x1 expand conv to {@code expansion} times the input's
     * channels, BN, ReLU6, a 3x3 depthwise conv (stride), BN, ReLU6, a linear 1x1 projection to
     * {@code out} channels, BN, and the residual add when the input has the output's shape. An
     * expand channel and its depthwise channel are one neuron: the depthwise conv carries the expand
     * conv's channels, so they are pruned together and read by the projection.
     */
    public static Architecture.Builder invertedResidual(Architecture.Builder b, String name, String in, int expansion,
                                                        int out, int stride) {
        int channels = b.unitsOf(in);
        b = b.from(in)
                .conv(name + "_expand", expansion * channels, 1).batchNorm(name + "_expand_bn")
                .relu6(name + "_expand_relu")
                .depthwiseConv(name + "_dw", 3, stride, Padding.SAME).batchNorm(name + "_dw_bn").relu6(name + "_dw_relu")
                .conv(name + "_project", out, 1).batchNorm(name + "_project_bn");
        return stride == 1 && channels == out ? b.add(name + "_add", in) : b;
    }
}
