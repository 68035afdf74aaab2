package io.winnow.tf.model;

import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import static io.winnow.tf.model.Close.assertClose;
import static io.winnow.tf.model.Close.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/** Each layer kind's inference output against {@link Reference}, within {@link Close#TOLERANCE}. */
class LayerForwardTest {

    private static final int N = 3;
    private static final int H = 7;
    private static final int W = 6;
    private static final int C = 3;
    private static final Shape IMAGE = Shape.image(H, W, C);

    /** input -> layers -> (flatten if an image) -> 2-unit classifier. */
    private static Architecture around(Shape input, Layer... layers) {
        List<Layer> all = List.of(layers);
        try {
            return new Architecture("probe", input, all.append(new Layer.Dense("logits", all.last().name(), 2)));
        } catch (IllegalArgumentException imageOutput) {
            return new Architecture("probe", input, all.append(new Layer.Flatten("flat", all.last().name()))
                    .append(new Layer.Dense("logits", "flat", 2)));
        }
    }

    private static float[] output(Model model, float[] x, String layer) {
        return model.activations(x, N, List.of(layer)).get(layer).get().values();
    }

    /** Weights with random biases and batch-norm parameters, so none of them is trivially 0 or 1. */
    private static ModelWeights randomised(Architecture arch, long seed) {
        ModelWeights w = ModelWeights.init(arch, seed);
        long s = seed;
        for (var layer : ModelWeights.expectedShapes(arch)) {
            for (var param : layer._2) {
                if (!param._1.equals(ModelWeights.KERNEL)) {
                    float[] v = random(Math.toIntExact(FloatArray.sizeOf(param._2)), ++s);
                    if (param._1.equals(ModelWeights.MOVING_VARIANCE) || param._1.equals(ModelWeights.GAMMA)) {
                        for (int i = 0; i < v.length; i++) {
                            v[i] = 0.5f + Math.abs(v[i]);
                        }
                    }
                    w = w.with(layer._1, param._1, new FloatArray(param._2, v));
                }
            }
        }
        return w;
    }

    @Test
    void denseComputesXTimesKernelPlusBias() {
        Architecture arch = around(Shape.vector(5), new Layer.Dense("fc", Architecture.INPUT, 4));
        ModelWeights w = randomised(arch, 1);
        float[] x = random(N * 5, 2);
        try (Model model = Model.build(arch, w)) {
            assertClose(output(model, x, "fc"),
                    Reference.dense(x, N, 5, w.get("fc", "kernel").values(), w.get("fc", "bias").values(), 4));
        }
    }

    private static void checkConv(int kernel, int stride, Padding padding) {
        Architecture arch = around(IMAGE, new Layer.Conv2D("conv", Architecture.INPUT, 4, kernel, stride, padding));
        ModelWeights w = randomised(arch, 3);
        float[] x = random(N * H * W * C, 4);
        try (Model model = Model.build(arch, w)) {
            assertClose(output(model, x, "conv"), Reference.conv(x, N, H, W, C, w.get("conv", "kernel").values(),
                    w.get("conv", "bias").values(), kernel, 4, stride, padding));
        }
    }

    @Test
    void conv2dWithSamePaddingMatchesTheReference() {
        checkConv(3, 1, Padding.SAME);
    }

    @Test
    void conv2dWithStrideTwoAndSamePaddingPadsLikeTensorFlow() {
        checkConv(4, 2, Padding.SAME);
    }

    @Test
    void conv2dWithValidPaddingMatchesTheReference() {
        checkConv(3, 2, Padding.VALID);
    }

    /** A strided 1x1 conv, computed as a strided slice then a stride-1 conv (Forward), on odd and even sizes. */
    @Test
    void strided1x1ConvReadsEveryStrideThPixelFromTheFirst() {
        checkConv(1, 2, Padding.SAME);
        checkConv(1, 2, Padding.VALID);
        checkConv(1, 3, Padding.SAME);
        checkConv(1, 4, Padding.VALID);
    }

    @Test
    void zeroPadSurroundsEveryChannelWithZerosSideBySide() {
        Architecture arch = around(IMAGE, new Layer.ZeroPad("pad", Architecture.INPUT, 1, 2, 0, 3));
        float[] x = random(N * H * W * C, 24);
        int h = H + 3;
        int w = W + 3;
        double[] expected = new double[N * h * w * C];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    for (int c = 0; c < C; c++) {
                        expected[((n * h + i + 1) * w + j) * C + c] = x[((n * H + i) * W + j) * C + c];
                    }
                }
            }
        }
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "pad"), expected);
        }
    }

    /** PyTorch's padding 1 at stride 1 as Winnow imports it where SAME would not fit: the same as SAME. */
    @Test
    void zeroPadOfOneThenAValidConvIsASameConv() {
        Architecture same = around(IMAGE, new Layer.Conv2D("conv", Architecture.INPUT, 4, 3, 1, Padding.SAME));
        Architecture padded = around(IMAGE, new Layer.ZeroPad("pad", Architecture.INPUT, 1, 1, 1, 1),
                new Layer.Conv2D("conv", "pad", 4, 3, 1, Padding.VALID));
        ModelWeights w = randomised(same, 25);
        float[] x = random(N * H * W * C, 26);
        try (Model a = Model.build(same, w); Model b = Model.build(padded, w)) {
            float[] expected = output(a, x, "conv");
            double[] asDouble = new double[expected.length];
            for (int i = 0; i < expected.length; i++) {
                asDouble[i] = expected[i];
            }
            assertClose(output(b, x, "conv"), asDouble);
        }
    }

    private static void checkDepthwise(int kernel, int stride, Padding padding) {
        Architecture arch = around(IMAGE, new Layer.DepthwiseConv2D("dw", Architecture.INPUT, kernel, stride, padding));
        ModelWeights w = randomised(arch, 21);
        float[] x = random(N * H * W * C, 22);
        // The reference: a full convolution whose kernel is zero between different channels.
        float[] depthwise = w.get("dw", "kernel").values();
        float[] full = new float[kernel * kernel * C * C];
        for (int p = 0; p < kernel * kernel; p++) {
            for (int c = 0; c < C; c++) {
                full[(p * C + c) * C + c] = depthwise[p * C + c];
            }
        }
        try (Model model = Model.build(arch, w)) {
            assertClose(output(model, x, "dw"), Reference.conv(x, N, H, W, C, full, w.get("dw", "bias").values(),
                    kernel, C, stride, padding));
        }
    }

    @Test
    void depthwiseConvFiltersEachChannelOnItsOwn() {
        checkDepthwise(3, 1, Padding.SAME);
    }

    @Test
    void depthwiseConvWithStrideTwoAndSamePaddingPadsLikeTensorFlow() {
        checkDepthwise(3, 2, Padding.SAME);
    }

    @Test
    void depthwiseConvWithValidPaddingMatchesTheReference() {
        checkDepthwise(2, 2, Padding.VALID);
    }

    @Test
    void batchNormInInferenceUsesTheMovingStatistics() {
        Architecture arch = around(IMAGE, new Layer.BatchNorm("bn", Architecture.INPUT));
        ModelWeights w = randomised(arch, 5);
        float[] x = random(N * H * W * C, 6);
        try (Model model = Model.build(arch, w)) {
            assertClose(output(model, x, "bn"), Reference.batchNorm(x, C,
                    Reference.toDouble(w.get("bn", "moving_mean").values()),
                    Reference.toDouble(w.get("bn", "moving_variance").values()),
                    w.get("bn", "gamma").values(), w.get("bn", "beta").values(), Forward.BN_EPSILON));
        }
    }

    @Test
    void batchNormInTrainingUsesTheBatchStatistics() {
        Architecture arch = around(IMAGE, new Layer.BatchNorm("bn", Architecture.INPUT));
        ModelWeights w = randomised(arch, 7);
        float[] x = random(N * H * W * C, 8);
        double[] mean = Reference.channelMean(x, C);
        double[] variance = Reference.channelVariance(x, C, mean);
        try (Model model = Model.build(arch, w);
             TFloat32 batch = model.batch(x, N);
             Result r = model.session().runner().feed(model.input(), batch)
                     .fetch(model.trainingForward().output("bn")).run()) {
            assertClose(Model.array((TFloat32) r.get(0)).values(), Reference.batchNorm(x, C, mean, variance,
                    w.get("bn", "gamma").values(), w.get("bn", "beta").values(), Forward.BN_EPSILON));
        }
    }

    @Test
    void batchNormTrainingStepMovesTheMovingMeanTowardsTheBatchMean() {
        Architecture arch = around(Shape.vector(4), new Layer.BatchNorm("bn", Architecture.INPUT));
        ModelWeights w = randomised(arch, 9);
        float[] x = random(N * 4, 10);
        double[] batchMean = Reference.channelMean(x, 4);
        try (Model model = Model.build(arch, w); TFloat32 batch = model.batch(x, N)) {
            var runner = model.session().runner().feed(model.input(), batch);
            model.trainingForward().updates().forEach(runner::addTarget);
            runner.run().close();
            float[] before = w.get("bn", "moving_mean").values();
            double[] expected = new double[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = Forward.BN_MOMENTUM * before[i] + (1 - Forward.BN_MOMENTUM) * batchMean[i];
            }
            assertClose(model.weights().get("bn", "moving_mean").values(), expected);
        }
    }

    @Test
    void reluZeroesNegativesOnly() {
        Architecture arch = around(Shape.vector(6), new Layer.ReLU("relu", Architecture.INPUT));
        float[] x = random(N * 6, 11);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Math.max(0, x[i]);
        }
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "relu"), expected);
        }
    }

    @Test
    void relu6ClampsToZeroAndSix() {
        Architecture arch = around(Shape.vector(6), new Layer.ReLU6("relu6", Architecture.INPUT));
        float[] x = random(N * 6, 23);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 10;
        }
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Math.min(6, Math.max(0, x[i]));
        }
        assertThat(expected).contains(6.0, 0.0);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "relu6"), expected);
        }
    }

    @Test
    void maxPoolWithValidPaddingTakesTheWindowMaximum() {
        Architecture arch = around(IMAGE, new Layer.MaxPool("pool", Architecture.INPUT, 2, 2, Padding.VALID));
        float[] x = random(N * H * W * C, 12);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "pool"), Reference.pool(x, N, H, W, C, 2, 2, Padding.VALID, true));
        }
    }

    @Test
    void maxPoolWithSamePaddingIgnoresThePadding() {
        Architecture arch = around(IMAGE, new Layer.MaxPool("pool", Architecture.INPUT, 3, 2, Padding.SAME));
        float[] x = random(N * H * W * C, 13);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "pool"), Reference.pool(x, N, H, W, C, 3, 2, Padding.SAME, true));
        }
    }

    @Test
    void avgPoolWithValidPaddingAveragesTheWindow() {
        Architecture arch = around(IMAGE, new Layer.AvgPool("pool", Architecture.INPUT, 2, 2, Padding.VALID));
        float[] x = random(N * H * W * C, 14);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "pool"), Reference.pool(x, N, H, W, C, 2, 2, Padding.VALID, false));
        }
    }

    @Test
    void avgPoolWithSamePaddingAveragesOnlyInsideTheInput() {
        Architecture arch = around(IMAGE, new Layer.AvgPool("pool", Architecture.INPUT, 3, 2, Padding.SAME));
        float[] x = random(N * H * W * C, 15);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "pool"), Reference.pool(x, N, H, W, C, 3, 2, Padding.SAME, false));
        }
    }

    @Test
    void globalAvgPoolAveragesEachChannelOverHeightAndWidth() {
        Architecture arch = around(IMAGE, new Layer.GlobalAvgPool("gap", Architecture.INPUT));
        float[] x = random(N * H * W * C, 16);
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "gap"), Reference.globalAvgPool(x, N, H * W, C));
        }
    }

    @Test
    void flattenKeepsHeightWidthChannelOrder() {
        Architecture arch = around(IMAGE, new Layer.Flatten("flatten", Architecture.INPUT));
        float[] x = random(N * H * W * C, 17);
        try (Model model = Model.init(arch, 1)) {
            FloatArray out = model.activations(x, N, List.of("flatten")).get("flatten").get();
            assertThat(out.shape()).containsExactly(N, H * W * C);
            assertClose(out.values(), Reference.toDouble(x));
        }
    }

    @Test
    void addSumsTwoBranchesElementWise() {
        Architecture arch = around(IMAGE, new Layer.ReLU("relu", Architecture.INPUT),
                new Layer.Add("add", "relu", Architecture.INPUT));
        float[] x = random(N * H * W * C, 18);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Math.max(0, x[i]) + x[i];
        }
        try (Model model = Model.init(arch, 1)) {
            assertClose(output(model, x, "add"), expected);
        }
    }

    @Test
    void aWholeCnnMatchesTheReferenceLayerByLayer() {
        Architecture arch = new Architecture("small-cnn", IMAGE, List.of(
                new Layer.Conv2D("conv1", Architecture.INPUT, 4, 3, 1, Padding.SAME),
                new Layer.BatchNorm("bn1", "conv1"), new Layer.ReLU("relu1", "bn1"),
                new Layer.MaxPool("pool1", "relu1", 2, 2, Padding.VALID),
                new Layer.Flatten("flatten", "pool1"), new Layer.Dense("logits", "flatten", 3)));
        ModelWeights w = randomised(arch, 19);
        float[] x = random(N * H * W * C, 20);
        try (Model model = Model.build(arch, w)) {
            var acts = model.activations(x, N, List.of("conv1", "relu1", "pool1", "logits"));
            float[] conv = acts.get("conv1").get().values();
            assertClose(conv, Reference.conv(x, N, H, W, C, w.get("conv1", "kernel").values(),
                    w.get("conv1", "bias").values(), 3, 4, 1, Padding.SAME));
            float[] pool = acts.get("pool1").get().values();
            assertClose(pool, Reference.pool(acts.get("relu1").get().values(), N, H, W, 4, 2, 2, Padding.VALID, true));
            assertClose(acts.get("logits").get().values(), Reference.dense(pool, N, 3 * 3 * 4,
                    w.get("logits", "kernel").values(), w.get("logits", "bias").values(), 3));
            assertClose(model.logits(x, N).values(), Reference.toDouble(acts.get("logits").get().values()));
        }
    }
}
