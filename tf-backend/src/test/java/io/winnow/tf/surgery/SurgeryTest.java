package io.winnow.tf.surgery;

import io.winnow.engine.model.Surgery;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pruned model must compute exactly what the original computes with the mixing weights
 * applied where the channels are read (docs/theory.md section 1): checked on random networks, random
 * selections and random multipliers, to 1e-5 relative (float32 sums in a different order).
 */
class SurgeryTest {

    private static final double RELATIVE = 1e-5;

    @Test
    void aPrunedConvNetEqualsTheOriginalWithMixingWeightsApplied() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        for (String layer : List.of("conv1", "conv2", "fc1")) {
            assertPrunedEqualsMixed(cnn, layer, 11 + layer.hashCode());
        }
    }

    @Test
    void aPrunedResidualGroupEqualsTheOriginalWithMixingWeightsApplied() {
        Architecture resnet = Architectures.resnetSmall(4);
        for (String layer : List.of("stem", "block1_conv1", "block2_conv2", "block3_proj")) {
            assertPrunedEqualsMixed(resnet, layer, 7 + layer.hashCode());
        }
    }

    /** A MobileNetV2-style inverted residual block: expand 1x1, depthwise 3x3, project 1x1, residual add. */
    static Architecture invertedResidual() {
        return Architecture.builder("mbv2", io.winnow.dsl.network.Architectures.MNIST)
                .conv("stem", 4, 3, 2, io.winnow.dsl.network.Padding.VALID).batchNorm("stem_bn").relu6("stem_relu")
                .conv("expand", 10, 1).batchNorm("expand_bn").relu6("expand_relu")
                .depthwiseConv("dw", 3).batchNorm("dw_bn").relu6("dw_relu")
                .conv("project", 4, 1).batchNorm("project_bn")
                .add("add", "stem_relu")
                .depthwiseConv("dw2", 3, 2, io.winnow.dsl.network.Padding.SAME).relu6("dw2_relu")
                .conv("head", 6, 1).relu("head_relu")
                .globalAvgPool("gap").dense("logits", 10)
                .build();
    }

    @Test
    void pruningTheExpansionOfAnInvertedResidualNarrowsTheDepthwiseConvAndFoldsIntoTheProjection() {
        Architecture mbv2 = invertedResidual();
        assertPrunedEqualsMixed(mbv2, "expand", 5);
        Surgery.Pruned p = Surgery.prune(mbv2, randomWeights(mbv2, 5), mbv2.groupOf("expand"), new int[]{0, 3, 9},
                new double[]{1, 1, 1});
        assertThat(p.weights().get("dw", ModelWeights.KERNEL).shape()).containsExactly(3, 3, 3, 1);
        assertThat(p.weights().get("dw_bn", ModelWeights.GAMMA).shape()).containsExactly(3);
        assertThat(p.weights().paramCount()).isEqualTo(p.architecture().totalParams());
    }

    @Test
    void pruningAnyExpansionOfTheBuiltInMobileNetV2IsTheFullWidthNetworkWithTheMixingApplied() {
        Architecture mobilenet = Architectures.mobilenetV2();
        for (int block = 1; block <= 5; block++) {
            assertPrunedEqualsMixed(mobilenet, "block" + block + "_expand", 17 + block);
        }
    }

    @Test
    void pruningAResidualGroupNarrowsTheDepthwiseConvThatReadsIt() {
        Architecture mbv2 = invertedResidual();
        assertThat(mbv2.groupOf("stem").layers()).containsExactly("stem", "project");
        assertPrunedEqualsMixed(mbv2, "stem", 9);
    }

    @Test
    void pruningEveryGroupOfTheImportedResidualAndMobileNetFixturesIsExact() throws Exception {
        for (String fixture : List.of("residual.onnx", "mobilenetv2.onnx", "torchvision-resnet.onnx")) {
            java.nio.file.Path file = java.nio.file.Path.of(SurgeryTest.class.getResource("/io/winnow/tf/onnx/" + fixture).toURI());
            Architecture arch = io.winnow.tf.onnx.OnnxImport.read(file).architecture();
            for (ChannelGroup group : arch.groups().filter(ChannelGroup::prunable)) {
                assertPrunedEqualsMixed(arch, group.layers().head(), 13 + group.layers().head().hashCode());
            }
        }
    }

    @Test
    void prunedWeightsHaveTheNarrowedShapesAndBatchNormEntries() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = randomWeights(cnn, 3);
        ChannelGroup conv2 = cnn.groupOf("conv2");
        Surgery.Pruned p = Surgery.prune(cnn, w, conv2, new int[]{1, 4, 7}, new double[]{1, 1, 1});
        assertThat(p.architecture().shapeOf("flatten").units()).isEqualTo(7 * 7 * 3);
        assertThat(p.weights().get("bn2", ModelWeights.GAMMA).values())
                .containsExactly(w.get("bn2", ModelWeights.GAMMA).values()[1],
                        w.get("bn2", ModelWeights.GAMMA).values()[4], w.get("bn2", ModelWeights.GAMMA).values()[7]);
        assertThat(p.weights().problems(p.architecture())).isEmpty();
        assertThat(p.weights().paramCount()).isEqualTo(p.architecture().totalParams());
    }

    @Test
    void aSelectionOutsideTheLayerIsRejected() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = randomWeights(cnn, 3);
        assertThatThrownBy(() -> Surgery.prune(cnn, w, cnn.groupOf("conv1"), new int[]{2, 9}, new double[]{1, 1}))
                .hasMessageContaining("ascending, distinct and below 6");
        assertThatThrownBy(() -> Surgery.prune(cnn, w, cnn.groupOf("logits"), new int[]{0}, new double[]{1}))
                .hasMessageContaining("classifier");
    }

    private static void assertPrunedEqualsMixed(Architecture arch, String layer, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ModelWeights w = randomWeights(arch, seed);
        ChannelGroup group = arch.groupOf(layer);
        int[] kept = rnd.ints(0, group.width()).distinct().limit(Math.max(1, group.width() / 2)).sorted().toArray();
        double[] c = rnd.doubles(kept.length, 0.2, 3).toArray();
        float[] x = rnd.doubles(3 * 28 * 28, 0, 1).collect(() -> new FloatCollector(3 * 28 * 28),
                FloatCollector::add, FloatCollector::addAll).values;
        Surgery.Pruned pruned = Surgery.prune(arch, w, group, kept, c);
        assertThat(pruned.architecture().groupOf(layer).width()).isEqualTo(kept.length);
        FloatArray small;
        FloatArray mixed;
        try (Model m = Model.build(pruned.architecture(), pruned.weights())) {
            small = m.logits(x, 3);
        }
        try (Model m = Model.build(arch, Surgery.applyMixing(arch, w, group, kept, c))) {
            mixed = m.logits(x, 3);
        }
        double scale = 0;
        for (float v : mixed.values()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < mixed.values().length; i++) {
            assertThat((double) small.values()[i]).as("%s logit %d (kept %s)", layer, i, Arrays.toString(kept))
                    .isCloseTo(mixed.values()[i], org.assertj.core.data.Offset.offset(RELATIVE * scale));
        }
    }

    /** He-initialised kernels plus random biases and batch-norm statistics, so nothing is trivially zero or one. */
    static ModelWeights randomWeights(Architecture arch, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        ModelWeights w = ModelWeights.init(arch, seed);
        for (var layer : w.layers()) {
            for (var param : layer._2) {
                if (param._1.equals(ModelWeights.KERNEL)) {
                    continue;
                }
                float[] v = param._2.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = param._1.equals(ModelWeights.MOVING_VARIANCE) || param._1.equals(ModelWeights.GAMMA)
                            ? (float) rnd.nextDouble(0.5, 1.5) : (float) rnd.nextDouble(-0.3, 0.3);
                }
                w = w.with(layer._1, param._1, new FloatArray(param._2.shape(), v));
            }
        }
        return w;
    }

    private static final class FloatCollector {
        final float[] values;
        int size;

        FloatCollector(int capacity) {
            values = new float[capacity];
        }

        void add(double v) {
            values[size++] = (float) v;
        }

        void addAll(FloatCollector other) {
            throw new UnsupportedOperationException("sequential only");
        }
    }
}
