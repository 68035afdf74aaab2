package io.winnow.tf.surgery;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Rebalance;
import io.winnow.engine.model.Surgery;
import io.winnow.tf.model.Model;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Moving a per-channel scale from the consumers to the producer must not change what the network
 * computes: checked by TensorFlow's forward pass on random networks, random scales over two orders of
 * magnitude and random inputs, to 1e-5 relative; and refused where the path is not homogeneous.
 */
class RebalanceTest {

    private static final double RELATIVE = 1e-5;

    @Test
    void scalingAnyGroupOfAConvNetWithBatchNormKeepsItsLogits() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        for (String layer : List.of("conv1", "conv2", "fc1")) {
            assertSameLogits(cnn, layer, 3 + layer.hashCode());
        }
    }

    @Test
    void scalingAResidualGroupScalesEveryBranchThatWritesIt() {
        Architecture resnet = Architectures.resnetSmall(4);
        for (ChannelGroup group : resnet.groups().filter(ChannelGroup::prunable)) {
            assertSameLogits(resnet, group.layers().head(), 5 + group.layers().head().hashCode());
        }
    }

    @Test
    void scalingAnImportedResidualNetWithoutBatchNormScalesTheConvolutionsThemselves() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(
                RebalanceTest.class.getResource("/io/winnow/tf/onnx/residual.onnx").toURI());
        Architecture arch = io.winnow.tf.onnx.OnnxImport.read(file).architecture();
        for (ChannelGroup group : arch.groups().filter(ChannelGroup::prunable)) {
            assertSameLogits(arch, group.layers().head(), 9 + group.layers().head().hashCode());
        }
    }

    @Test
    void theProducerTakesTheScaleAndTheConsumersItsInverse() {
        Architecture mlp = Architectures.mlp(5, 4);
        ModelWeights w = SurgeryTest.randomWeights(mlp, 2);
        String producer = mlp.groups().filter(ChannelGroup::prunable).head().layers().head();
        String consumer = mlp.consumers(producer).head();
        double[] s = {2, 0.5, 1, 4, 0.25};
        ModelWeights scaled = Rebalance.scale(mlp, w, mlp.groupOf(producer), s).get();
        FloatArray k = w.get(producer, ModelWeights.KERNEL);
        FloatArray k2 = scaled.get(producer, ModelWeights.KERNEL);
        for (int i = 0; i < k.values().length; i++) {
            assertThat(k2.values()[i]).isEqualTo((float) (k.values()[i] * s[i % 5]));
        }
        FloatArray next = w.get(consumer, ModelWeights.KERNEL);
        FloatArray next2 = scaled.get(consumer, ModelWeights.KERNEL);
        int out = (int) next.shape()[1];
        for (int i = 0; i < next.values().length; i++) {
            assertThat(next2.values()[i]).isEqualTo((float) (next.values()[i] / s[i / out]));
        }
    }

    @Test
    void aGroupWhosePathHasAReluSixOrADepthwiseConvolutionIsLeftAlone() {
        Architecture mbv2 = SurgeryTest.invertedResidual();
        ModelWeights w = SurgeryTest.randomWeights(mbv2, 4);
        ChannelGroup expand = mbv2.groupOf("expand");
        double[] s = new double[expand.width()];
        java.util.Arrays.fill(s, 2);
        assertThat(Rebalance.scale(mbv2, w, expand, s).isEmpty()).isTrue();
        Rebalance.Outcome outcome = Rebalance.undo(mbv2, w, List.of(new Rebalance.Folded(expand.layers(), s)));
        assertThat(outcome.left()).containsExactly("expand");
        assertThat(outcome.weights()).isSameAs(w);
    }

    @Test
    void undoingMultipliersSplitsThemEvenlyAndKeepsThePrunedNetworksLogits() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = SurgeryTest.randomWeights(cnn, 8);
        int[] kept = {0, 2, 5, 7};
        double[] c = {9, 0.25, 16, 1};
        Surgery.Pruned pruned = Surgery.prune(cnn, w, cnn.groupOf("conv2"), kept, c);
        Rebalance.Outcome outcome = Rebalance.undo(pruned.architecture(), pruned.weights(),
                List.of(new Rebalance.Folded(List.of("conv2"), c)));
        assertThat(outcome.rescaled()).containsExactly("conv2");
        // conv2 is followed by its batch norm alone, so gamma and beta carry sqrt(c).
        float[] gamma = pruned.weights().get("bn2", ModelWeights.GAMMA).values();
        float[] gamma2 = outcome.weights().get("bn2", ModelWeights.GAMMA).values();
        for (int j = 0; j < kept.length; j++) {
            assertThat(gamma2[j]).isEqualTo((float) (gamma[j] * Math.sqrt(c[j])));
        }
        assertThat(outcome.weights().get("conv2", ModelWeights.KERNEL).values())
                .isEqualTo(pruned.weights().get("conv2", ModelWeights.KERNEL).values());
        assertClose(logits(pruned.architecture(), outcome.weights(), 1), logits(pruned.architecture(), pruned.weights(), 1));
    }

    @Test
    void scalesMustBePositiveAndOnePerChannel() {
        Architecture mlp = Architectures.mlp(5, 4);
        ModelWeights w = SurgeryTest.randomWeights(mlp, 2);
        ChannelGroup g = mlp.groups().filter(ChannelGroup::prunable).head();
        assertThatThrownBy(() -> Rebalance.scale(mlp, w, g, new double[] {1, 2})).hasMessageContaining("one scale per channel");
        assertThatThrownBy(() -> Rebalance.scale(mlp, w, g, new double[] {1, 2, 0, 1, 1})).hasMessageContaining("positive");
    }

    private static void assertSameLogits(Architecture arch, String layer, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ModelWeights w = SurgeryTest.randomWeights(arch, seed);
        ChannelGroup group = arch.groupOf(layer);
        double[] s = rnd.doubles(group.width(), Math.log(0.1), Math.log(10)).map(Math::exp).toArray();
        var scaled = Rebalance.scale(arch, w, group, s);
        assertThat(scaled.isDefined()).as("%s is positively homogeneous", layer).isTrue();
        assertClose(logits(arch, scaled.get(), seed), logits(arch, w, seed));
    }

    private static float[] logits(Architecture arch, ModelWeights w, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
        int per = (int) arch.input().size();
        float[] x = new float[3 * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(0, 1);
        }
        try (Model m = Model.build(arch, w)) {
            return m.logits(x, 3).values();
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("logit %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(RELATIVE * scale));
        }
    }
}
