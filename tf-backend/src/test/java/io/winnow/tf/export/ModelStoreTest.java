package io.winnow.tf.export;

import io.winnow.report.ModelFormatException;
import io.winnow.report.ArchitectureJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.common.output.OutputException;
import io.winnow.common.output.OutputMarker;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.TeacherData;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

class ModelStoreTest {

    private static final Architecture CNN = Architectures.cnn(4, 8, 16);
    private static final Dataset DATA = TeacherData.generate(CNN.input(), 8, 10, 128, 32, 3);

    @TempDir
    Path tmp;

    @Test
    void aTrainedModelLoadsWithBitIdenticalOutputsAndWeights() {
        Path dir = tmp.resolve("models/cnn");
        try (Model model = Model.init(CNN, 1)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(1).withBatchSize(32)).fit(DATA.train());
            ModelStore.save(model, dir, false);
            try (Model loaded = ModelStore.load(dir)) {
                assertThat(loaded.architecture()).isEqualTo(CNN);
                assertThat(loaded.weights()).isEqualTo(model.weights());
                assertThat(loaded.logits(DATA.test())).isEqualTo(model.logits(DATA.test()));
            }
        }
    }

    @Test
    void theSavedModelServesLogitsThroughItsSignature() {
        Path dir = tmp.resolve("m");
        try (Model model = Model.init(CNN, 2)) {
            ModelStore.save(model, dir, false);
            FloatArray expected = model.logits(DATA.test().x(), 4);
            try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ModelStore.TAG);
                 TFloat32 x = model.batch(DATA.test().x(), 4);
                 Result r = bundle.function(ModelStore.SIGNATURE).call(Map.of(Model.INPUT, x))) {
                assertThat(Model.array((TFloat32) r.get(Model.LOGITS).get())).isEqualTo(expected);
            }
        }
    }

    @Test
    void theSignatureUsesTheStandardPredictMethod() throws java.io.IOException {
        Path dir = tmp.resolve("m");
        ModelStore.save(CNN, ModelWeights.init(CNN, 1), dir, false);
        var savedModel = org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
        var signature = savedModel.getMetaGraphs(0).getSignatureDefOrThrow(ModelStore.SIGNATURE);
        assertThat(signature.getMethodName()).isEqualTo("tensorflow/serving/predict");
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ModelStore.TAG)) {
            assertThat(bundle.function(ModelStore.SIGNATURE).signature().methodName())
                    .isEqualTo("tensorflow/serving/predict");
        }
    }

    @Test
    void theExportHoldsNoOptimizerState() {
        Path dir = tmp.resolve("m");
        try (Model model = Model.init(CNN, 2)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(1).withBatchSize(64)).fit(DATA.train());
            ModelStore.save(model, dir, false);
            try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ModelStore.TAG)) {
                var names = new java.util.ArrayList<String>();
                bundle.graph().operations().forEachRemaining(op -> names.add(op.name()));
                assertThat(names).noneMatch(n -> n.startsWith("trainer")).noneMatch(n -> n.startsWith("train/"));
            }
        }
    }

    @Test
    void anExistingOutputIsRefusedUnlessForced() throws Exception {
        Path dir = tmp.resolve("m");
        ModelWeights first = ModelWeights.init(CNN, 1);
        ModelWeights second = ModelWeights.init(CNN, 2);
        ModelStore.save(CNN, first, dir, false);
        assertThatThrownBy(() -> ModelStore.save(CNN, second, dir, false))
                .isInstanceOf(OutputException.class).hasMessageContaining("--force");
        ModelStore.save(CNN, second, dir, true);
        assertThat(ModelStore.readWeights(dir, CNN)).isEqualTo(second);
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings).containsExactly(dir);
        }
    }

    @Test
    void aSavedModelCarriesWinnowsOutputMarker() {
        Path dir = tmp.resolve("m");
        ModelStore.save(CNN, ModelWeights.init(CNN, 1), dir, false);
        assertThat(OutputMarker.read(dir)).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(ModelStore.KIND));
    }

    @Test
    void savingTheSameModelTwiceWritesTheSameBytes() throws Exception {
        ModelWeights weights = ModelWeights.init(CNN, 4);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ModelStore.save(CNN, weights, a, false);
        ModelStore.save(CNN, weights, b, false);
        java.util.SortedMap<String, String> digests = io.winnow.report.FileDigests.of(a, f -> true);
        assertThat(digests).containsKeys("saved_model.pb", ModelStore.ARCHITECTURE)
                .isEqualTo(io.winnow.report.FileDigests.of(b, f -> true));
        try (Model model = ModelStore.load(a)) {
            assertThat(model.weights()).isEqualTo(weights);
        }
    }

    @Test
    void extraFilesAreWrittenByteForByteNextToTheModelAndMayNotEscapeIt() throws Exception {
        Path dir = tmp.resolve("m");
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, '\r', '\n'};
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("report.html", "<p>\u00e9</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("plots/a.png", binary);
        ModelStore.saveWithFiles(CNN, ModelWeights.init(CNN, 1), dir, false, files);
        assertThat(dir.resolve("plots/a.png")).hasBinaryContent(binary);
        assertThat(dir.resolve("report.html")).hasContent("<p>\u00e9</p>");
        assertThat(ModelStore.readArchitecture(dir)).isEqualTo(CNN);

        Path other = tmp.resolve("other");
        assertThatThrownBy(() -> ModelStore.saveWithFiles(CNN, ModelWeights.init(CNN, 1), other, false,
                Map.of("../escape.png", binary))).isInstanceOf(IllegalArgumentException.class);
        assertThat(other).doesNotExist();
        assertThat(tmp.resolve("escape.png")).doesNotExist();
    }

    @Test
    void aMissingPathIsNotAModel() {
        assertThatThrownBy(() -> ModelStore.load(tmp.resolve("nothing")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aFileIsNotAModel() throws Exception {
        Path file = Files.writeString(tmp.resolve("model.txt"), "hello");
        assertThatThrownBy(() -> ModelStore.load(file))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("is a file");
    }

    @Test
    void aDirectoryWithoutSavedModelIsNotAModel() {
        assertThatThrownBy(() -> ModelStore.load(tmp))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no saved_model.pb");
    }

    @Test
    void aSavedModelWithoutArchitectureIsNotAWinnowModel() throws Exception {
        Path dir = tmp.resolve("m");
        ModelStore.save(CNN, ModelWeights.init(CNN, 1), dir, false);
        Files.delete(dir.resolve(ModelStore.ARCHITECTURE));
        assertThatThrownBy(() -> ModelStore.load(dir))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not a Winnow model");
    }

    @Test
    void aCorruptSavedModelIsReportedNotCrashed() throws Exception {
        Path dir = tmp.resolve("m");
        ModelStore.save(CNN, ModelWeights.init(CNN, 1), dir, false);
        Files.writeString(dir.resolve("saved_model.pb"), "garbage");
        assertThatThrownBy(() -> ModelStore.load(dir))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("cannot load");
    }

    @Test
    void anArchitectureThatDoesNotMatchTheWeightsIsReported() throws Exception {
        Path dir = tmp.resolve("m");
        ModelStore.save(CNN, ModelWeights.init(CNN, 1), dir, false);
        Files.writeString(dir.resolve(ModelStore.ARCHITECTURE), ArchitectureJson.write(Architectures.cnn(4, 8, 32)));
        assertThatThrownBy(() -> ModelStore.load(dir))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("fc1/kernel has shape");
    }
}
