package io.winnow.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.surgery.SurgeryTestAccess;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@link Model#forInference}: a model whose weights are fed with every run, and whose graph runs as built,
 * without Grappler's rewriting. Its outputs are the same bits whichever other outputs a run fetches, as a
 * probe that feeds cached upstream outputs needs ({@code UpstreamTest}). Against a model with variables, whose
 * graph Grappler rewrites, they agree to float rounding.
 */
class FedModelTest {

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"mlp, 37", "cnn, 37", "vgg-small, 37", "resnet-small, 37",
        "mobilenetv2, 37", "resnet-small, 128", "mobilenetv2, 128"})
    void everyLayerIsTheSameBitsWhateverElseIsFetchedAndMatchesTheModelWithVariables(String name, int n) {
        Architecture arch = Architectures.byName(name).get();
        ModelWeights weights = SurgeryTestAccess.randomWeights(arch, 3);
        float[] x = input(arch, n, 9);
        io.vavr.collection.List<String> layers = arch.layers().map(Layer::name);
        try (Model variables = Model.build(arch, weights); Model fed = Model.forInference(arch, weights)) {
            assertThat(fed.fed()).isTrue();
            assertThat(variables.fed()).isFalse();
            var everything = fed.activations(x, n, layers);
            for (var chunk : layers.grouped(6)) {
                var some = fed.activations(x, n, chunk);
                var reference = variables.activations(x, n, chunk);
                for (String layer : chunk) {
                    FloatArray a = some.get(layer).get();
                    FloatArray all = everything.get(layer).get();
                    FloatArray e = reference.get(layer).get();
                    assertThat(a.shape()).as(layer).isEqualTo(e.shape());
                    double scale = 0;
                    for (float v : e.values()) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < e.values().length; i++) {
                        if (Float.floatToRawIntBits(a.values()[i]) != Float.floatToRawIntBits(all.values()[i])) {
                            throw new AssertionError(name + " at batch " + n + ", " + layer + "[" + i + "]: fetched with "
                                    + chunk.size() + " layers " + a.values()[i] + ", with all " + all.values()[i]);
                        }
                        if (Math.abs(a.values()[i] - e.values()[i]) > 1e-5 * scale) {
                            throw new AssertionError(name + " at batch " + n + ", " + layer + "[" + i + "]: fed "
                                    + a.values()[i] + ", variables " + e.values()[i] + " (largest " + scale + ")");
                        }
                    }
                }
            }
            assertThat(fed.weights()).isEqualTo(weights);
        }
    }

    @Test
    void newWeightsReplaceTheFedOnesAndAFedModelCannotBeTrained() {
        Architecture arch = Architectures.byName("cnn").get();
        ModelWeights first = SurgeryTestAccess.randomWeights(arch, 1);
        ModelWeights second = SurgeryTestAccess.randomWeights(arch, 2);
        float[] x = input(arch, 4, 1);
        try (Model fed = Model.forInference(arch, first); Model reference = Model.build(arch, second)) {
            FloatArray before = fed.logits(x, 4);
            fed.setWeights(second);
            assertThat(fed.weights()).isEqualTo(second);
            assertThat(fed.logits(x, 4).values()).isEqualTo(reference.logits(x, 4).values())
                    .isNotEqualTo(before.values());
            assertThatThrownBy(fed::trainableVariables).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Model.build");
            assertThatThrownBy(fed::trainingForward).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> fed.setWeights(ModelWeights.init(Architectures.byName("mlp").get(), 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
            assertThat(fed.weights()).as("a refused replacement leaves the weights").isEqualTo(second);
        }
    }

    private static float[] input(Architecture arch, int n, long seed) {
        float[] x = new float[Math.toIntExact(n * arch.input().size())];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
