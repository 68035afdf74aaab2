package io.winnow.tf.prune;

import io.vavr.collection.Map;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.select.Gram;
import io.winnow.engine.model.Surgery;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gram-based loss L(a) must equal the discrepancy computed explicitly through the model:
 * (1/m) ||consumer outputs with mixing weights applied - original consumer outputs||^2.
 */
class LayerStatisticsTest {

    @Test
    void theGramLossEqualsTheExplicitDiscrepancyForEveryLayerOfACnn() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        assertGramLossIsTheExplicitDiscrepancy(cnn, List.of("conv1", "conv2", "fc1"));
    }

    /**
     * In an inverted residual block a neuron is an expand channel with its depthwise channel: the
     * projection is the one consumer, local imitation reads its input (the depthwise ReLU6's output)
     * and the Gram's loss is the discrepancy of the projection's output with the mixing folded into it.
     */
    @Test
    void localImitationOfAMobileNetV2ExpansionImitatesWhatTheProjectionReads() {
        Architecture mobilenet = Architectures.mobilenetV2();
        for (int block : new int[] {2, 5}) {
            List<Layer> consumers = LayerStatistics.consumers(mobilenet, mobilenet.groupOf("block" + block + "_expand"));
            assertThat(consumers.map(Layer::name)).containsExactly("block" + block + "_project");
            assertThat(consumers.head().input()).isEqualTo("block" + block + "_dw_relu");
        }
        assertGramLossIsTheExplicitDiscrepancy(mobilenet, List.of("block2_expand", "block5_expand"));
    }

    private static void assertGramLossIsTheExplicitDiscrepancy(Architecture cnn, List<String> layers) {
        ModelWeights w = io.winnow.tf.surgery.SurgeryTestAccess.randomWeights(cnn, 5);
        SplittableRandom rnd = new SplittableRandom(9);
        int samples = 150; // more than one statistics batch
        float[] x = new float[samples * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        Split calibration = new Split("calibration", Architectures.MNIST, 10, x, new int[samples]);
        for (String layer : layers) {
            ChannelGroup group = cnn.groupOf(layer);
            Gram gram;
            try (Model model = Model.build(cnn, w)) {
                gram = LayerStatistics.gram(model, w, group, calibration);
            }
            int[] kept = rnd.ints(0, group.width()).distinct().limit(3).sorted().toArray();
            double[] a = new double[group.width()];
            double[] c = new double[kept.length];
            double sum = 0;
            for (int j = 0; j < kept.length; j++) {
                a[kept[j]] = rnd.nextDouble(0.1, 1);
                sum += a[kept[j]];
            }
            for (int j = 0; j < kept.length; j++) {
                a[kept[j]] /= sum;
                c[j] = group.width() * a[kept[j]];
            }
            List<String> consumers = LayerStatistics.consumers(cnn, group).map(Layer::name);
            double explicit = explicitLoss(cnn, w, Surgery.applyMixing(cnn, w, group, kept, c), consumers, x, samples);
            assertThat(gram.loss(a)).as(layer).isCloseTo(explicit, org.assertj.core.data.Percentage.withPercentage(0.01));
            assertThat(gram.emptyLoss()).isGreaterThan(0);
        }
    }

    @Test
    void onEveryLayerOfACnnOptimizeGammaNeverEndsAboveFixedGammaAtTheSameWidth() {
        // The claim on real layers: the Gram of each layer from a forward pass, every width.
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = io.winnow.tf.surgery.SurgeryTestAccess.randomWeights(cnn, 6);
        SplittableRandom rnd = new SplittableRandom(10);
        int samples = 64;
        float[] x = new float[samples * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        Split calibration = new Split("calibration", Architectures.MNIST, 10, x, new int[samples]);
        int compared = 0;
        for (String layer : List.of("conv1", "conv2", "fc1")) {
            ChannelGroup group = cnn.groupOf(layer);
            Gram gram;
            try (Model model = Model.build(cnn, w)) {
                gram = LayerStatistics.gram(model, w, group, calibration);
            }
            for (int k = 1; k <= group.width(); k++) {
                io.winnow.engine.select.Stop stop = io.winnow.engine.select.Stop.atCount(k);
                double optimized = io.winnow.engine.select.OptimizeGamma.select(gram, stop).loss();
                double fixed = io.winnow.engine.select.FixedGamma.select(gram, stop).loss();
                assertThat(optimized).as("%s k=%d", layer, k).isLessThanOrEqualTo(fixed + 1e-12 * gram.lossScale());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(6 + 8 + 12);
    }

    private static double explicitLoss(Architecture arch, ModelWeights original, ModelWeights mixed,
                                       List<String> consumers, float[] x, int n) {
        Map<String, FloatArray> target;
        Map<String, FloatArray> pruned;
        try (Model m = Model.build(arch, original)) {
            target = m.activations(x, n, consumers);
        }
        try (Model m = Model.build(arch, mixed)) {
            pruned = m.activations(x, n, consumers);
        }
        double sq = 0;
        long count = 0;
        for (String c : consumers) {
            float[] t = target.get(c).get().values();
            float[] p = pruned.get(c).get().values();
            for (int i = 0; i < t.length; i++) {
                double d = (double) p[i] - t[i];
                sq += d * d;
            }
            count += t.length;
        }
        return sq / count;
    }
}
