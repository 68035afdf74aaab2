package io.winnow.tf.prune;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.engine.select.Gram;
import io.winnow.tf.model.Model;
import io.winnow.tf.surgery.SurgeryTestAccess;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * The consumer inputs kept between statistics passes: after a cut they must still be what the cut network
 * computes (to float32 rounding), and outputs that a consumer of the cut group lies upstream of must go.
 */
class ActivationCacheTest {

    /** The small cnn both pass tests run on: conv1 (6 channels) feeds conv2 through pool1. */
    private static final Architecture CNN = Architectures.cnn(6, 8, 12);
    private static final ModelWeights CNN_WEIGHTS = SurgeryTestAccess.randomWeights(CNN, 5);
    private static final Split CALIBRATION = randomSplit(300, 11);

    @Test
    void aPassFedFromTheCacheAfterACutGivesTheGramOfAPassFromTheInput() {
        ChannelGroup conv1 = CNN.groupOf("conv1");
        ActivationCache cache = afterConv1Statistics();
        int[] kept = {0, 2, 3, 5};
        double[] c = {1.5, 0.5, 2.0, 2.0};
        Surgery.Pruned cut = Surgery.prune(CNN, CNN_WEIGHTS, conv1, kept, c);
        cache.narrow(CNN, CNN_WEIGHTS, conv1, kept, cut.architecture(), cut.weights());
        assertThat(cache.validFor(cut.architecture(), cut.weights()).keySet()).containsExactly("pool1");
        assertThat(cache.validFor(cut.architecture(), cut.weights()).get("pool1").get().shape())
                .containsExactly(300, 14, 14, 4);

        assertConv2GramFedFromTheCacheIsTheGramFromTheInput(cut.architecture(), cut.weights(), cache);
    }

    /** A cache holding what conv1's statistics pass on the unpruned small cnn read (pool1, conv2's input). */
    private static ActivationCache afterConv1Statistics() {
        ActivationCache cache = new ActivationCache(true);
        try (Model model = Model.build(CNN, CNN_WEIGHTS)) {
            LayerStatistics.gram(model, CNN_WEIGHTS, CNN.groupOf("conv1"), CALIBRATION, "conv1", cache);
        }
        return cache;
    }

    /** conv2's Gram on {@code arch} with {@code w}, fed from {@code cache}, against a pass from the input (10⁻⁵·max|G|). */
    private static void assertConv2GramFedFromTheCacheIsTheGramFromTheInput(Architecture arch, ModelWeights w,
                                                                           ActivationCache cache) {
        ChannelGroup conv2 = arch.groupOf("conv2");
        Gram fed;
        Gram fresh;
        try (Model model = Model.build(arch, w)) {
            fed = LayerStatistics.gram(model, w, conv2, CALIBRATION, "conv2", cache);
            fresh = LayerStatistics.gram(model, w, conv2, CALIBRATION);
        }
        double scale = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                scale = Math.max(scale, Math.abs(fresh.entry(i, j)));
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat(fed.entry(i, j)).as("G[%d][%d]", i, j).isCloseTo(fresh.entry(i, j), offset(1e-5 * scale));
            }
        }
        assertThat(fed.dimension()).isEqualTo(fresh.dimension());
    }

    /**
     * A flops budget plans every layer on the network as its stage starts, which leaves pool1 (conv2's
     * input) in the cache; selecting conv1 on that same network then reads pool1 again. TensorFlow refuses
     * a tensor both fed and fetched ("pool1/output:0 is both fed and fetched"), which failed every
     * flops(...) run of the cnn with 1024 calibration samples.
     */
    @Test
    void aSecondPassOverTheSameGroupOnTheSameNetworkReadsWhatTheFirstLeftInTheCache() {
        ActivationCache cache = new ActivationCache(true);
        ChannelGroup conv1 = CNN.groupOf("conv1");
        try (Model model = Model.build(CNN, CNN_WEIGHTS)) {
            Gram first = LayerStatistics.gram(model, CNN_WEIGHTS, conv1, CALIBRATION, "conv1", cache);
            assertThat(cache.validFor(CNN, CNN_WEIGHTS).keySet()).contains("pool1");
            Gram second = LayerStatistics.gram(model, CNN_WEIGHTS, conv1, CALIBRATION, "conv1", cache);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    assertThat(second.entry(i, j)).as("G[%d][%d]", i, j).isEqualTo(first.entry(i, j));
                }
            }
        }
    }

    @Test
    void aCutDropsOutputsDownstreamOfTheGroupsConsumersAndNarrowsTheOthers() {
        Architecture resnet = Architectures.resnetSmall(4);
        ModelWeights w = SurgeryTestAccess.randomWeights(resnet, 3);
        ChannelGroup tied = resnet.groupOf("stem");
        assertThat(tied.layers()).contains("block1_conv2");
        ActivationCache cache = new ActivationCache(true);
        FloatArray image = new FloatArray(new long[]{2, 3, 3, 4}, new float[2 * 3 * 3 * 4]);
        for (int i = 0; i < image.values().length; i++) {
            image.values()[i] = i;
        }
        cache.remember(resnet, w, LinkedHashMap.of("stem_relu", image, "block1_relu", image));
        Architecture after = resnet.withWidths(io.vavr.collection.HashMap.of("stem", 2, "block1_conv2", 2));
        ModelWeights afterWeights = SurgeryTestAccess.randomWeights(after, 4);
        cache.narrow(resnet, w, tied, new int[]{1, 3}, after, afterWeights);
        // block1_relu adds block1_conv2's output, computed from block1_conv1, which reads stem: a consumer.
        assertThat(cache.validFor(after, afterWeights).keySet()).containsExactly("stem_relu");
        FloatArray narrowed = cache.validFor(after, afterWeights).get("stem_relu").get();
        assertThat(narrowed.shape()).containsExactly(2, 3, 3, 2);
        assertThat(narrowed.values()[0]).isEqualTo(1);
        assertThat(narrowed.values()[1]).isEqualTo(3);
        assertThat(narrowed.values()[2]).isEqualTo(5);
        assertThat(cache.validFor(resnet, w)).isEmpty();
    }

    @Test
    void passesOnTheSameNetworkAddUpAndAnotherNetworkStartsAfresh() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = SurgeryTestAccess.randomWeights(cnn, 5);
        ActivationCache cache = new ActivationCache(true);
        FloatArray pool1 = new FloatArray(new long[]{1, 14, 14, 6}, new float[14 * 14 * 6]);
        FloatArray flatten = new FloatArray(new long[]{1, 392}, new float[392]);
        cache.remember(cnn, w, LinkedHashMap.of("pool1", pool1));
        cache.remember(cnn, w, LinkedHashMap.of("flatten", flatten));
        assertThat(cache.validFor(cnn, w).keySet()).containsExactly("pool1", "flatten");
        ModelWeights other = SurgeryTestAccess.randomWeights(cnn, 6);
        cache.remember(cnn, other, LinkedHashMap.of("flatten", flatten));
        assertThat(cache.validFor(cnn, other).keySet()).containsExactly("flatten");
        assertThat(cache.validFor(cnn, w)).isEmpty();
    }

    @Test
    void changedParametersDropTheOutputsAfterThemAndKeepTheRest() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        ModelWeights w = SurgeryTestAccess.randomWeights(cnn, 5);
        ModelWeights shifted = SurgeryTestAccess.randomWeights(cnn, 6);
        ActivationCache cache = new ActivationCache(true);
        FloatArray pool1 = new FloatArray(new long[]{1, 14, 14, 6}, new float[14 * 14 * 6]);
        FloatArray flatten = new FloatArray(new long[]{1, 392}, new float[392]);
        cache.remember(cnn, w, LinkedHashMap.of("pool1", pool1, "flatten", flatten));
        cache.reweigh(cnn, w, shifted, List.of("conv2"));
        assertThat(cache.validFor(cnn, shifted).keySet()).containsExactly("pool1");
        assertThat(cache.validFor(cnn, w)).isEmpty();
        // Weights it does not hold: nothing it holds can be vouched for.
        cache.reweigh(cnn, w, SurgeryTestAccess.randomWeights(cnn, 7), List.empty());
        assertThat(cache.validFor(cnn, shifted)).isEmpty();
    }

    @Test
    void aPassIsFedOnlyTheNearestHeldOutputOnEachPathToWhatItFetches() {
        Architecture resnet = Architectures.resnetSmall(4);
        ModelWeights w = SurgeryTestAccess.randomWeights(resnet, 3);
        FloatArray any = new FloatArray(new long[]{1, 1}, new float[1]);
        ActivationCache cache = new ActivationCache(true);
        cache.remember(resnet, w, LinkedHashMap.of("stem_relu", any, "block1_relu", any, "block2_relu", any));
        // block2's convolutions read block1_relu, which is computed from stem_relu: only block1_relu is needed.
        assertThat(cache.feedsFor(resnet, w, List.of("block2_conv1")).keySet()).containsExactly("block1_relu");
        // block1's second conv reads stem_relu through its first conv; block1_relu lies beyond it.
        assertThat(cache.feedsFor(resnet, w, List.of("block1_conv2")).keySet()).containsExactly("stem_relu");
        // A fetched output is computed, not fed: block2_relu comes from block1_relu.
        assertThat(cache.feedsFor(resnet, w, List.of("block2_relu")).keySet()).containsExactly("block1_relu");
        assertThat(cache.feedsFor(resnet, SurgeryTestAccess.randomWeights(resnet, 4), List.of("block2_conv1")))
                .isEmpty();
    }

    /**
     * correctBias() after a cut shifts the biases of the layers reading the group; the cache keeps what lies
     * before them, and a pass fed from it gives the Gram of a pass from the input on the corrected network.
     */
    @Test
    void aPassFedFromTheCacheAfterABiasCorrectionGivesTheGramOfAPassFromTheInput() {
        ChannelGroup conv1 = CNN.groupOf("conv1");
        ActivationCache cache = afterConv1Statistics();
        int[] kept = {1, 2, 4};
        Surgery.Pruned cut = Surgery.prune(CNN, CNN_WEIGHTS, conv1, kept, new double[]{2.0, 2.0, 2.0});
        cache.narrow(CNN, CNN_WEIGHTS, conv1, kept, cut.architecture(), cut.weights());
        BiasCorrection.Channels channels = new BiasCorrection.Channels();
        BiasCorrection.Corrected corrected = new BiasCorrection(CNN, CNN_WEIGHTS, CALIBRATION).correct(CNN, conv1,
                cut, channels, cache.validFor(cut.architecture(), cut.weights()), false);
        BiasCorrection.Corrected fromInput = new BiasCorrection(CNN, CNN_WEIGHTS, CALIBRATION).correct(CNN, conv1,
                cut, channels, LinkedHashMap.empty(), false);
        assertThat(corrected.shifts().map(s -> s.layer())).containsExactly("conv2");
        double[] fed = corrected.shifts().head().values();
        double[] fresh = fromInput.shifts().head().values();
        for (int j = 0; j < fed.length; j++) {
            assertThat(fed[j]).as("shift of conv2's channel %d", j).isCloseTo(fresh[j], offset(1e-5 * Math.max(1, Math.abs(fresh[j]))));
        }
        cache.reweigh(cut.architecture(), cut.weights(), corrected.weights(), List.of("conv2"));
        assertThat(cache.validFor(cut.architecture(), corrected.weights()).keySet()).containsExactly("pool1");

        assertConv2GramFedFromTheCacheIsTheGramFromTheInput(cut.architecture(), corrected.weights(), cache);
    }

    @Test
    void aSmallRunKeepsNoCache() {
        Architecture cnn = Architectures.cnn(6, 8, 12);
        assertThat(ActivationCache.forRun(cnn, 100).enabled()).isFalse();
        assertThat(ActivationCache.forRun(Architectures.byName("cnn").get(), 1024).enabled()).isTrue();
    }

    private static Split randomSplit(int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[samples * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        return new Split("calibration", Architectures.MNIST, 10, x, new int[samples]);
    }
}
