package io.winnow.tf.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.tf.model.Model;
import io.winnow.tf.surgery.SurgeryTestAccess;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A probe of a cut group fed the upstream outputs computed on the network before the cut scores exactly
 * what the cut network scores when it runs from its input: the same logits, bit for bit.
 */
class UpstreamTest {

    @Test
    void theFrontierIsWhatTheGroupAndEverythingAfterItReadFromBefore() {
        Architecture resnet = Architectures.byName("resnet-small").get();
        assertThat(Upstream.frontier(resnet, group(resnet, "block2_conv1")))
                .as("the block's input and the shortcut's projection, both computed before the cut")
                .containsExactly("block1_relu", "block2_proj_bn");
        assertThat(Upstream.frontier(resnet, group(resnet, "stem"))).as("the stem reads the input").isEmpty();
        Architecture cnn = Architectures.byName("cnn").get();
        assertThat(Upstream.frontier(cnn, group(cnn, "fc1"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "resnet-small", "mobilenetv2"})
    void everyGroupCutScoresTheSameLogitsFedOrNot(String name) {
        Architecture arch = Architectures.byName(name).get();
        ModelWeights weights = SurgeryTestAccess.randomWeights(arch, 4);
        Split calibration = split(arch, 611, 8); // two evaluation batches, the second partial
        SplittableRandom random = new SplittableRandom(21);
        int groups = 0;
        for (ChannelGroup group : arch.groups().filter(ChannelGroup::prunable)) {
            int k = 1 + random.nextInt(group.width());
            int[] kept = random.ints(0, group.width()).distinct().limit(k).sorted().toArray();
            double[] multipliers = random.doubles(kept.length, 0.5, 2.0).toArray();
            Surgery.Pruned cut = Surgery.prune(arch, weights, group, kept, multipliers);
            Upstream upstream = Upstream.of(arch, weights, group, calibration);
            assertThat(upstream.outputs().keySet().toList()).isEqualTo(Upstream.frontier(arch, group));
            String classifier = arch.classifier().name();
            try (Model model = Model.forInference(cut.architecture(), cut.weights())) {
                FloatArray direct = model.activations(calibration, io.vavr.collection.List.of(classifier))
                        .get(classifier).get();
                FloatArray fed = model.activations(calibration, io.vavr.collection.List.of(classifier),
                        upstream.outputs()).get(classifier).get();
                for (int i = 0; i < direct.values().length; i++) {
                    if (Float.floatToRawIntBits(direct.values()[i]) != Float.floatToRawIntBits(fed.values()[i])) {
                        throw new AssertionError(name + " cut " + group.layers().mkString("+") + ", logit " + i
                                + ": fed " + fed.values()[i] + ", from the input " + direct.values()[i]);
                    }
                }
                assertThat(model.evaluate(calibration, upstream.outputs())).as("what a probe scores")
                        .isEqualTo(Evaluation.of(calibration.name(), direct.values(), calibration.y(), arch.classes()));
            }
            groups += upstream.outputs().isEmpty() ? 0 : 1;
        }
        assertThat(groups).as("groups whose probes were fed").isPositive();
    }

    private static ChannelGroup group(Architecture arch, String layer) {
        return arch.groups().find(g -> g.layers().contains(layer)).get();
    }

    private static Split split(Architecture arch, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(n * arch.input().size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] y = random.ints(n, 0, arch.classes()).toArray();
        return new Split("calibration", arch.input(), arch.classes(), x, y);
    }
}
