package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow import, and the .onnx file given directly where commands take a model. */
class ImportCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run winnow(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path fixture(String name) {
        try {
            return Path.of(ImportCommandTest.class.getResource("/io/winnow/cli/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void importWritesAModelDirectoryThatEvalAndInspectRead() {
        Path out = tmp.resolve("models/cnn");
        Run imported = winnow("import", fixture("small-cnn.onnx").toString(), "--out", out.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported ", "input 28x28x1, 10 classes", "saved to " + out);
        assertThat(out.resolve("saved_model.pb")).exists();
        Run eval = winnow("eval", out.toString(), "--data", "embedded", "--json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        // PyTorch's recorded accuracy of this fixture: 1713 of 2000.
        assertThat(eval.out()).contains("\"accuracy\":0.8565");
        Run inspect = winnow("inspect", out.toString());
        assertThat(inspect.out()).contains("conv1", "conv2", "bn1", "fc1", "logits");
    }

    @Test
    void evalAndInspectReadAnOnnxFileDirectly() {
        Run eval = winnow("eval", fixture("mobilenetv2.onnx").toString(), "--data", "embedded", "--json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("\"architecture\":\"mobilenetv2\"", "\"accuracy\":0.8205");
        Run inspect = winnow("inspect", fixture("mobilenetv2.onnx").toString());
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("dwconv1", "depthwiseconv2d", "relu6");
    }

    @Test
    void recipeCheckAndExplainCompileAgainstAnOnnxModel() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("half.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).layers(\"conv*\")\n");
        Run check = winnow("recipe", "check", recipe.toString(), "--model", fixture("residual.onnx").toString());
        assertThat(check.exit()).as(check.err()).isZero();
        Run explain = winnow("recipe", "explain", recipe.toString(), "--model", fixture("residual.onnx").toString());
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("conv1");
        Run both = winnow("recipe", "explain", recipe.toString(), "--arch", "cnn", "--model",
                fixture("residual.onnx").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
    }

    private static Path sharedRecipe(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("recipes").resolve(name))) {
                return dir.resolve("recipes").resolve(name);
            }
        }
        throw new IllegalStateException("no recipes/" + name + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void pruneRunsASharedRecipeOnAnOnnxFileAndFullVerifyReDerivesIt() {
        Path onnx = fixture("small-cnn.onnx");
        Path out = tmp.resolve("pruned");
        Run prune = winnow("prune", sharedRecipe("cnn-local.recipe").toString(), "--model", onnx.toString(),
                "--out", out.toString(), "--data", "embedded");
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("Accuracy: original 0.8565", "Widths: conv1 7 -> 3 (planned 4, 1 dead dropped), conv2 13 -> 7, fc1 37 -> 19");
        Run verify = winnow("verify", out.toString(), "--model", onnx.toString(), "--data", "embedded");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("re-derived from");
    }

    @Test
    void anUnsupportedModelExitsTwoListingTheOpTypesAndWritesNothing() {
        Path out = tmp.resolve("deep/gru");
        Run run = winnow("import", fixture("gru.onnx").toString(), "--out", out.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("winnow import: ")
                .contains("unsupported ONNX op types: ", "GRU (first node ", "Gather (first node ",
                        "Winnow imports Conv, Gemm")
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("deep")).doesNotExist();
    }

    @Test
    void aFileThatIsNotOnnxIsAUserError() throws IOException {
        Path bogus = Files.writeString(tmp.resolve("bogus.onnx"), "not a protobuf \u0000\u0001\u0002 at all");
        Run run = winnow("import", bogus.toString(), "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bogus.onnx").doesNotContain("\tat ");
        assertThat(tmp.resolve("out")).doesNotExist();
        Run notOnnx = winnow("import", tmp.resolve("model.pt").toString(), "--out", tmp.resolve("out").toString());
        assertThat(notOnnx.exit()).isEqualTo(2);
        assertThat(notOnnx.err()).contains("not an ONNX file");
    }
}
