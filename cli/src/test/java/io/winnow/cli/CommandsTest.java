package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

    @TempDir
    Path tmp;

    @Test
    void inspectShowsEveryLayerWithWidthsParamsAndFlops() {
        CliRun r = CliRun.command(new InspectCommand(), "cnn");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("conv1", "conv2d", "28x28x32", "bn2", "logits", "total")
                .containsPattern("fc1\\s+dense\\s+flatten\\s+256\\s+256\\s+803,072\\s+802,816");
    }

    @Test
    void aDirectoryThatIsNotAModelIsAUserErrorWithoutStackTrace() {
        CliRun r = CliRun.command(new InspectCommand(), tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not a Winnow model").doesNotContain("\tat ");
    }

    @Test
    void evaluatingAMissingModelIsAUserError() {
        CliRun r = CliRun.command(new EvalCommand(), tmp.resolve("none").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist").doesNotContain("\tat ");
    }

    @Test
    void trainingRefusesAnExistingOutputBeforeTraining() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("model"));
        CliRun r = CliRun.command(new TrainCommand(), "--arch", "mlp", "--out", out.toString(), "--data", "embedded");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("already exists", "--force");
        assertThat(r.out()).doesNotContain("training");
    }

    @Test
    void trainingOnCorruptDataIsAUserError() throws Exception {
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.writeString(tmp.resolve(f), "not idx");
        }
        Path out = Files.createTempDirectory("winnow-commands-test").resolve("m");
        CliRun r = CliRun.command(new TrainCommand(), "--arch", "mlp", "--out", out.toString(), "--data", tmp.toString());
        Files.delete(out.getParent());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("train-images-idx3-ubyte", "bad magic number").doesNotContain("\tat ");
    }

    @Test
    void anUnknownArchitectureIsAUserError() {
        CliRun r = CliRun.command(new TrainCommand(), "--arch", "transformer", "--out", tmp.resolve("m").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown architecture \"transformer\"", "mlp, cnn");
    }

    @Test
    void aLearningRateThatWouldDivergeIsRefusedBeforeTraining() {
        // lr 1e12 diverged at step 1 before issue 9; the range (0, 10] now refuses it as bad input.
        // Divergence inside the range is covered by TrainerTest and BadInputTest (prune's finetune).
        CliRun r = CliRun.command(new TrainCommand(), "--arch", "mlp", "--epochs", "1", "--lr", "1e12", "--optimizer", "sgd",
                "--data", "embedded", "--out", tmp.resolve("m").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("train: --lr must be a number in (0, 10], got 1.0E12\n");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void trainSavesAModelThatEvalAndInspectRead() {
        Path out = tmp.resolve("models/mlp");
        CliRun train = CliRun.command(new TrainCommand(), "--arch", "mlp", "--epochs", "1", "--seed", "3", "--data", "embedded",
                "--out", out.toString());
        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.out()).contains("data: embedded Fashion-MNIST subset", "test accuracy: ", "saved to");
        CliRun eval = CliRun.command(new EvalCommand(), out.toString(), "--data", "embedded", "--json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("\"architecture\":\"mlp\"", "\"data\":\"embedded Fashion-MNIST subset\"", "\"samples\":2000", "\"accuracy\":0.");
        assertThat(CliRun.command(new InspectCommand(), out.toString()).out()).contains("fc1", "512");
    }
}
