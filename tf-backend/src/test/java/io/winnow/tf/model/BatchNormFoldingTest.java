package io.winnow.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.BatchNormFolding;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.surgery.SurgeryTestAccess;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The folded network computes what the original computes in inference mode, with no batch norm left to run. */
class BatchNormFoldingTest {

    /** A MobileNetV2-style block: expand, depthwise, project, each followed by batch norm, and a residual add. */
    private static final Architecture INVERTED = Architecture.builder("inverted", new Shape.Image(8, 8, 3))
            .conv("stem", 8, 3).batchNorm("bn0").relu("r0")
            .conv("expand", 16, 1).batchNorm("bn1").relu6("r1")
            .depthwiseConv("dw", 3, 1, io.winnow.dsl.network.Padding.SAME).batchNorm("bn2").relu6("r2")
            .conv("project", 8, 1).batchNorm("bn3").add("sum", "r0")
            .globalAvgPool("gap").dense("logits", 5).build();

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn", "vgg-small", "resnet-small", "inverted"})
    void foldedLogitsEqualTheOriginalsAndNoBatchNormIsLeft(String name) {
        Architecture arch = name.equals("inverted") ? INVERTED : Architectures.byName(name).get();
        ModelWeights weights = SurgeryTestAccess.randomWeights(arch, 11);
        BatchNormFolding.Folded folded = BatchNormFolding.fold(arch, weights);

        long batchNorms = arch.layers().count(l -> l instanceof Layer.BatchNorm);
        assertThat(folded.folded()).isEqualTo(batchNorms);
        assertThat(folded.architecture().layers().count(l -> l instanceof Layer.BatchNorm)).isZero();
        assertThat(folded.architecture().layers()).hasSize(arch.layers().size() - (int) batchNorms);
        assertThat(folded.weights().problems(folded.architecture())).isEmpty();

        int n = 16;
        float[] x = new float[Math.toIntExact(n * arch.input().size())];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        FloatArray expected;
        FloatArray actual;
        try (Model original = Model.build(arch, weights); Model small = Model.build(folded.architecture(), folded.weights())) {
            expected = original.logits(x, n);
            actual = small.logits(x, n);
        }
        double scale = 0;
        for (float v : expected.values()) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).isGreaterThan(0);
        for (int i = 0; i < expected.values().length; i++) {
            assertThat((double) actual.values()[i]).as("logit %d of %s", i, name)
                    .isCloseTo(expected.values()[i], org.assertj.core.data.Offset.offset(1e-4 * scale));
        }
    }
}
