package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: bad input of every kind gives exit 2 (or 1 when the run itself fails) and one line on
 * stderr that names the file, option, layer or value at fault, never a stack trace or a hang.
 */
class BadInputTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path model;

    @BeforeAll
    static void saveASmallModel() {
        Architecture mlp = Architectures.mlp(16, 12);
        model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
    }


    private Path recipe(String text) throws IOException {
        return Files.writeString(tmp.resolve("r.recipe"), text);
    }

    private Path copyOfModel(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (var files = Files.walk(model)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(model.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- models ----

    @Test
    void bareWinnowPrintsUsageOnStderrAndExits2() {
        CliRun run = CliRun.winnow();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Usage: winnow", "prune", "verify");
    }

    @Test
    void aMisspeltOptionIsReportedAsUnknownWithSuggestionsNotAsAMissingOne() {
        CliRun run = CliRun.winnow("train", "--arch", "mlp", "--outt", tmp.resolve("m").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--outt'", "--out").doesNotContain("Missing required option");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void quietAndVerboseAreAcceptedByEveryCommand() {
        for (String flag : new String[] {"--quiet", "--verbose"}) {
            CliRun run = CliRun.winnow("recipe", "check", "--arch", "mlp", flag, "no-such.recipe");
            assertThat(run.err()).as(flag).doesNotContain("Unknown option");
            assertThat(run.exit()).as(flag).isEqualTo(2); // the file is missing, not the flag
        }
    }

    @Test
    void aModelWithoutVariablesIsRefusedBeforeTensorFlowLoadsIt() throws IOException {
        Path broken = copyOfModel("novars");
        deleteTree(broken.resolve("variables"));
        String expected = broken + " is an incomplete model: it has no variables/ directory (a Winnow model holds "
                + "saved_model.pb, variables/variables.index and variables/variables.data-*, and assets/architecture.json)";
        for (String[] args : new String[][] {{"eval", broken.toString(), "--data", "embedded"}, {"inspect", broken.toString()}}) {
            CliRun run = CliRun.winnow(args);
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.line()).isEqualTo("winnow " + args[0] + ": " + expected);
        }
    }

    @Test
    void anArchitectureTooLargeToHoldNamesTheFileAndTheValue() throws IOException {
        Path huge = copyOfModel("huge");
        Path json = huge.resolve(ModelStore.ARCHITECTURE);
        Files.writeString(json, Files.readString(json).replace("\"height\" : 28", "\"height\" : 100000")
                .replace("\"width\" : 28", "\"width\" : 100000").replace("\"channels\" : 1", "\"channels\" : 1000"));
        CliRun run = CliRun.winnow("inspect", huge.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow inspect: " + json + ": an image of 100000x100000x1000 holds "
                + "10000000000000 values per sample; at most 2147483639 are supported");
    }

    @Test
    void evalAndInspectRefuseNonFiniteWeightsNamingTheLayer() {
        Architecture mlp = Architectures.mlp(16, 12);
        ModelWeights w = ModelWeights.init(mlp, 3);
        float[] kernel = w.get("fc2", ModelWeights.KERNEL).values().clone();
        kernel[5] = Float.POSITIVE_INFINITY;
        Path bad = tmp.resolve("inf");
        ModelStore.save(mlp, w.with("fc2", ModelWeights.KERNEL, new FloatArray(new long[] {16, 12}, kernel)), bad, false);
        for (String[] args : new String[][] {{"eval", bad.toString(), "--data", "embedded"}, {"inspect", bad.toString()}}) {
            CliRun run = CliRun.winnow(args);
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.line()).isEqualTo("winnow " + args[0] + ": " + bad + ": layer fc2 parameter kernel holds "
                    + "Infinity; a model with NaN or infinite weights cannot be evaluated, inspected or pruned");
        }
    }

    @Test
    void evalAndInspectRefuseWeightsThatDoNotFitTheArchitecture() throws IOException {
        Path other = tmp.resolve("other");
        Architecture wider = Architectures.mlp(20, 12);
        ModelStore.save(wider, ModelWeights.init(wider, 1), other, false);
        Path mixed = copyOfModel("mixed");
        deleteTree(mixed.resolve("variables"));
        Files.delete(mixed.resolve("saved_model.pb"));
        Files.copy(other.resolve("saved_model.pb"), mixed.resolve("saved_model.pb"));
        Files.createDirectories(mixed.resolve("variables"));
        try (var files = Files.list(other.resolve("variables"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, mixed.resolve("variables").resolve(p.getFileName()));
            }
        }
        for (String[] args : new String[][] {{"eval", mixed.toString(), "--data", "embedded"}, {"inspect", mixed.toString()}}) {
            CliRun run = CliRun.winnow(args);
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.line()).startsWith("winnow " + args[0] + ": " + mixed + ": saved weights do not fit the "
                    + "architecture: fc1/kernel has shape [784, 20], expected [784, 16]");
        }
    }

    // ---- data ----

    private static byte[] idx(int magic, int[] dims, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(new byte[payload]);
        return bytes.toByteArray();
    }

    @Test
    void anIdxFileClaimingTwoBillionLabelsIsRefusedNamingTheFile() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.write(data.resolve("train-images-idx3-ubyte"), idx(0x803, new int[] {1, 28, 28}, 784));
        Path labels = Files.write(data.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {Integer.MAX_VALUE}, 1));
        Files.write(data.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[] {1, 28, 28}, 784));
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new int[] {1}, 1));
        CliRun run = CliRun.winnow("eval", model.toString(), "--data", data.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow eval: " + labels + ": truncated: the header announces 2147483647 labels "
                + "(2147483647 bytes) but the file holds only 1 bytes after the header");
    }

    // ---- recipes ----

    @Test
    void pruneRefusesFinetuneOptionsOutOfRangeWithFileLineAndColumn() throws IOException {
        Path r = recipe("winnow-recipe 1\nrandom().select(4)\n    .finetune(1, distill(1e-320), lr(1e300))\n");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out",
                tmp.resolve("o").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(r + ":3:26: error: distill(t) needs 0.001 <= t <= 1000, got 1.0E-320\n"
                + r + ":3:38: error: lr(x) needs 0 < x <= 10, got 1.0E300\n");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void aDivergingFinetuneFailsWithOneLineAndWritesNothing() throws IOException {
        // Finite logits of +-3e38, whose cross-entropy overflows float32 at the first finetune step.
        Architecture mlp = Architectures.mlp(16, 12);
        ModelWeights w = ModelWeights.init(mlp, 3);
        float[] bias = new float[10];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = i % 2 == 0 ? 3e38f : -3e38f;
        }
        Path extreme = tmp.resolve("extreme");
        ModelStore.save(mlp, w.with("logits", ModelWeights.BIAS, new FloatArray(new long[] {10}, bias)), extreme, false);
        Path r = recipe("winnow-recipe 1\nrandom().select(4).calibration(64)\n    .finetune(1, lr(0.5))\n");
        Path out = tmp.resolve("diverged");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", extreme.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.line()).matches("winnow prune: finetune diverged at epoch 1 step \\d+ \\(loss (NaN|-?Infinity)\\); "
                + "lower lr\\(0\\.5\\)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPipeGivenAsARecipeIsRefusedWithoutWaitingOnIt() throws Exception {
        Path fifo = tmp.resolve("fifo.recipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.winnow("recipe", "check", fifo.toString()));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo(fifo + ": is not a regular file (a pipe, socket or device); give a recipe file");
    }

    @Test
    void aDeviceGivenAsARecipeIsRefused() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.winnow("recipe", "fmt", "/dev/zero"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("winnow recipe fmt: /dev/zero: is not a regular file (a pipe, socket or device); "
                + "give a recipe file");
    }

    @Test
    void aLeadingByteOrderMarkIsAccepted() throws IOException {
        Path r = Files.write(tmp.resolve("bom.recipe"),
                ("\uFEFFwinnow-recipe 1\nlocalImitation().select(4)\n").getBytes(StandardCharsets.UTF_8));
        CliRun check = CliRun.winnow("recipe", "check", r.toString(), "--arch", "mlp");
        assertThat(check.exit()).as(check.err()).isZero();
        CliRun fmt = CliRun.winnow("recipe", "fmt", r.toString());
        assertThat(fmt.out()).isEqualTo("winnow-recipe 1\n\nlocalImitation().select(4)\n");
    }

    @Test
    void aHomoglyphIsNamed() throws IOException {
        Path r = recipe("winnow-recipe 1\nl\u043EcalImitation().select(4)\n");
        CliRun run = CliRun.winnow("recipe", "check", r.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo(r + ":2:1: error: unknown word l\u043EcalImitation: it contains U+043E CYRILLIC "
                + "SMALL LETTER O at column 2; recipe words are ASCII; did you mean localImitation?");
    }

    @Test
    void bidiControlsInAFileNameAreEscapedInTheMessage() {
        Path evil = tmp.resolve("a\u202Egpj.recipe");
        CliRun run = CliRun.winnow("recipe", "check", evil.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo(tmp + "/a\\u202Egpj.recipe: no such file").doesNotContain("\u202E");
    }

    // ---- options ----

    @Test
    void trainNamesEachNumericOptionOutOfRange() {
        String out = tmp.resolve("m").toString();
        String[][] cases = {
                {"--epochs", "0", "--epochs must be at least 1, got 0"},
                {"--batch-size", "0", "--batch-size must be at least 1, got 0"},
                {"--lr", "NaN", "--lr must be a number in (0, 10], got NaN"},
                {"--lr", "Infinity", "--lr must be a number in (0, 10], got Infinity"},
                {"--lr", "-1", "--lr must be a number in (0, 10], got -1.0"},
                {"--momentum", "1", "--momentum must be a number in [0, 1), got 1.0"},
                {"--weight-decay", "-0.1", "--weight-decay must be a number in [0, 1], got -0.1"},
                {"--label-smoothing", "NaN", "--label-smoothing must be a number in [0, 1), got NaN"}};
        for (String[] c : cases) {
            CliRun run = CliRun.winnow("train", "--arch", "mlp", "--data", "embedded", "--out", out, c[0], c[1]);
            assertThat(run.exit()).as(c[0]).isEqualTo(2);
            assertThat(run.line()).isEqualTo("winnow train: " + c[2]);
            assertThat(run.out()).doesNotContain("training");
        }
    }

    // ---- internal errors ----

    @Test
    void anInternalErrorIsOneLineAndTheTraceComesOnlyWhenAsked() {
        picocli.CommandLine.IFactory broken = Commands.proveWith(s -> {
            throw new IllegalStateException("selection lost its steps");
        });
        CliRun quiet = CliRun.winnow(broken, "prove", "--quick", "--out", tmp.resolve("p1").toString());
        assertThat(quiet.exit()).isEqualTo(1);
        assertThat(quiet.line()).isEqualTo("winnow prove: internal error: java.lang.IllegalStateException: selection lost "
                + "its steps; rerun with --debug / WINNOW_DEBUG=1 for the stack trace");
        CliRun debug = CliRun.winnow(broken, "prove", "--quick", "--debug", "--out", tmp.resolve("p2").toString());
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("internal error", "\tat io.winnow.");
    }
}
