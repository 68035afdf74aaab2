package io.winnow.cli;

import static io.winnow.cli.CliRun.winnow;
import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.WinnowModel;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.BatchNormFolding;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.model.Model;
import io.winnow.tf.onnx.OnnxImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow export: ONNX files (checked against ONNX Runtime in tf-backend's OnnxExportTest; here read
 * back by Winnow's importer) and clean SavedModel copies, both under the output rules.
 */
class ExportCommandTest {

    @TempDir
    Path tmp;

    private Path savedCnn() {
        Path dir = tmp.resolve("cnn");
        var arch = Architectures.byName("cnn").get();
        ModelStore.saveWithFiles(arch, ModelWeights.init(arch, 4), dir, false,
                java.util.Map.of("report.json", "{}".getBytes(), "report.html", "<html/>".getBytes()));
        return dir;
    }

    private static float[] logits(io.winnow.dsl.network.Architecture arch, ModelWeights weights) {
        try (Model model = Model.build(arch, weights)) {
            return model.logits(FashionMnist.embedded().test().slice(0, 64)).values();
        }
    }

    @Test
    void anOnnxExportReadsBackAsTheSameNetworkWithBatchNormFolded() {
        Path model = savedCnn();
        Path out = tmp.resolve("exports/cnn.onnx");
        CliRun run = winnow("export", model.toString(), "--format", "onnx", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ONNX opset 13", "input input [batch, 1, 28, 28]", "output logits [batch, 10]",
                "2 batch norms folded");
        assertThat(out).isRegularFile();
        WinnowModel original = WinnowModel.load(model);
        OnnxImport.Imported back = OnnxImport.read(out);
        assertThat(back.architecture().layers().map(l -> l.kind())).doesNotContain("batchnorm");
        BatchNormFolding.Folded folded = BatchNormFolding.fold(original.architecture(), original.weights());
        assertThat(back.weights().paramCount()).isEqualTo(folded.weights().paramCount());
        float[] expected = logits(original.architecture(), original.weights());
        float[] actual = logits(back.architecture(), back.weights());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void aSavedModelExportIsAModelWithoutTheReports() throws IOException {
        Path model = savedCnn();
        Path out = tmp.resolve("serve/cnn");
        CliRun run = winnow("export", model.toString(), "--format", "savedmodel", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("method tensorflow/serving/predict");
        assertThat(out.resolve("saved_model.pb")).isRegularFile();
        assertThat(out.resolve("report.json")).doesNotExist();
        assertThat(out.resolve("report.html")).doesNotExist();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList())
                    .allMatch(f -> f.equals(".winnow-output") || f.equals("saved_model.pb")
                            || f.startsWith("variables/") || f.equals(ModelStore.ARCHITECTURE));
        }
        assertThat(WinnowModel.load(out).weights()).isEqualTo(WinnowModel.load(model).weights());
    }

    @Test
    void anOnnxFileIsExportedAsASavedModel() {
        Path onnx = ImportCommandTest.fixture("small-cnn.onnx");
        Path out = tmp.resolve("small");
        CliRun run = winnow("export", onnx.toString(), "--format", "savedmodel", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(WinnowModel.load(out).weights()).isEqualTo(OnnxImport.read(onnx).weights());
    }

    @Test
    void forceReplacesWinnowsOnnxFileButNeverAnotherOne() throws IOException {
        Path model = savedCnn();
        Path out = tmp.resolve("cnn.onnx");
        assertThat(winnow("export", model.toString(), "--format", "onnx", "--out", out.toString()).exit()).isZero();
        CliRun again = winnow("export", model.toString(), "--format", "onnx", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.line()).contains("already exists; pass --force");
        assertThat(winnow("export", model.toString(), "--format", "onnx", "--out", out.toString(), "--force").exit())
                .isZero();

        Path theirs = tmp.resolve("theirs.onnx");
        Files.copy(ImportCommandTest.fixture("small-cnn.onnx"), theirs);
        byte[] before = Files.readAllBytes(theirs);
        CliRun refused = winnow("export", model.toString(), "--format", "onnx", "--out", theirs.toString(), "--force");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.line()).contains("was not written by Winnow");
        assertThat(Files.readAllBytes(theirs)).isEqualTo(before);
    }

    @Test
    void theInputIsNeverOverwritten() throws IOException {
        Path input = tmp.resolve("small.onnx");
        Files.copy(ImportCommandTest.fixture("small-cnn.onnx"), input);
        CliRun run = winnow("export", input.toString(), "--format", "onnx", "--out", input.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).contains("is the input");
    }

    @Test
    void anOnnxExportMustBeNamedDotOnnx() {
        CliRun run = winnow("export", savedCnn().toString(), "--format", "onnx", "--out", tmp.resolve("cnn-export").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).contains("an ONNX export is one file named *.onnx");
        assertThat(tmp.resolve("cnn-export")).doesNotExist();
    }
}
