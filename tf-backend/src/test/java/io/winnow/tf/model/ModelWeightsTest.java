package io.winnow.tf.model;

import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.TeacherData;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        Architecture arch = Architectures.cnn(4, 8, 16);
        assertThat(ModelWeights.init(arch, 7)).isEqualTo(ModelWeights.init(arch, 7));
        assertThat(ModelWeights.init(arch, 7).get("conv1", "kernel"))
                .isNotEqualTo(ModelWeights.init(arch, 8).get("conv1", "kernel"));
    }

    @Test
    void parameterCountsAgreeWithTheDslForEveryBuiltIn() {
        for (String name : Architectures.names()) {
            Architecture arch = Architectures.byName(name).get();
            assertThat(ModelWeights.init(arch, 1).paramCount()).as(name).isEqualTo(arch.totalParams());
        }
    }

    @Test
    void weightsReadFromAModelEqualTheWeightsItWasBuiltWith() {
        Architecture arch = Architectures.resnetSmall(4);
        ModelWeights w = ModelWeights.init(arch, 3);
        try (Model model = Model.build(arch, w)) {
            assertThat(model.weights()).isEqualTo(w);
        }
    }

    @Test
    void weightsOfTheWrongShapeAreRefusedWithEveryProblemNamed() {
        Architecture arch = Architectures.mlp(8, 8);
        ModelWeights w = ModelWeights.init(Architectures.mlp(8, 4), 1);
        assertThatThrownBy(() -> Model.build(arch, w))
                .hasMessageContaining("fc2/kernel has shape [8, 4], expected [8, 8]")
                .hasMessageContaining("fc2/bias")
                .hasMessageContaining("logits/kernel");
    }

    @Test
    void activationsOfAnUnknownLayerAreRefused() {
        try (Model model = Model.init(Architectures.mlp(4, 4), 1)) {
            assertThatThrownBy(() -> model.outputName("conv9")).hasMessageContaining("no layer conv9");
        }
    }

    @Test
    void activationsOfASplitComeInBatchesButReadAsOne() {
        Architecture arch = Architectures.mlp(6, 5);
        Dataset data = TeacherData.generate(arch.input(), 4, 10, Model.EVAL_BATCH + 37, 1, 2);
        try (Model model = Model.init(arch, 1)) {
            FloatArray whole = model.activations(data.train(), List.of("relu2")).get("relu2").get();
            assertThat(whole.shape()).containsExactly(Model.EVAL_BATCH + 37, 5);
            Split tail = data.train().slice(Model.EVAL_BATCH, Model.EVAL_BATCH + 37);
            float[] direct = model.activations(tail.x(), tail.size(), List.of("relu2")).get("relu2").get().values();
            assertThat(java.util.Arrays.copyOfRange(whole.values(), Model.EVAL_BATCH * 5, whole.values().length))
                    .containsExactly(direct);
        }
    }

    @Test
    void layerNamesTheGraphReservesAreRefused() {
        Architecture arch = Architecture.builder("clash", Architectures.MNIST).flatten("train").dense("logits", 10).build();
        assertThatThrownBy(() -> Model.init(arch, 1)).hasMessageContaining("may not start with train");
    }

    @Test
    void variablesAndActivationsHaveStableNames() {
        try (Model model = Model.init(Architectures.cnn(4, 8, 16), 1)) {
            assertThat(model.graph().operation("conv1/kernel")).isNotNull();
            assertThat(model.graph().operation("bn1/moving_variance")).isNotNull();
            assertThat(model.outputName("relu2")).isEqualTo("relu2/output");
            var names = new java.util.ArrayList<String>();
            model.graph().operations().forEachRemaining(op -> names.add(op.name()));
            assertThat(names).contains("conv1/Conv2d", "bn1/Rsqrt").allMatch(n -> n.contains("/") || n.equals(Model.INPUT));
            assertThat(model.outputName("logits")).isEqualTo("logits/output");
            assertThat(model.trainingForward().output("relu2").op().name()).isEqualTo("train/relu2/output");
        }
    }
}
