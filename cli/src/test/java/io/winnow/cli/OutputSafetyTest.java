package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --out and --force as a user runs them: what is refused before any work, and what is never
 * deleted. The working and home directories are always stand-ins under a temporary directory (a
 * child JVM started there, or user.home pointed there), so a regression cannot reach real ones.
 */
class OutputSafetyTest {

    @TempDir
    Path tmp;

    private Path models;
    private Path model;
    private Path notes;
    private Path recipe;

    /** Runs winnow in a child JVM whose working and home directories are fresh ones under {@code tmp}. */
    private CliRun winnowInScratchDirectory(String... args) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("scratch/work"));
        Path home = Files.createDirectories(tmp.resolve("scratch/home"));
        Files.writeString(cwd.resolve("keep.txt"), "mine");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), Winnow.class.getName()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("child.out");
        Path err = tmp.resolve("child.err");
        Process child = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(cwd.resolve("keep.txt")).hasContent("mine");
        return new CliRun(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    private CliRun prune(String out, String... more) {
        return CliRun.winnow(pruneArgs(out, more));
    }

    private String[] pruneArgs(String out, String... more) {
        return Stream.concat(Stream.of("prune", recipe.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out), Stream.of(more)).toArray(String[]::new);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @BeforeEach
    void aModelBesideAnUnrelatedFile() throws IOException {
        models = Files.createDirectories(tmp.resolve("s/models"));
        model = models.resolve("m");
        Architecture mlp = Architectures.mlp(16, 12);
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        notes = Files.writeString(models.resolve("notes.txt"), "mine");
        recipe = Files.writeString(tmp.resolve("r.recipe"), "winnow-recipe 1\nrandom().select(4)\n");
    }

    private void assertModelAndNotesIntact() {
        assertThat(notes).hasContent("mine");
        assertThat(ModelStore.readArchitecture(model).name()).isEqualTo("mlp");
    }

    @Test
    void pruneWithForceOntoADirectoryOfUnrelatedFilesExitsTwoAndKeepsThem() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path file = Files.writeString(other.resolve("thesis.tex"), "years of work");
        CliRun run = prune(other.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: " + other + " exists and was not written by Winnow (it has no "
                + ".winnow-output); --force replaces only Winnow outputs: choose another --out\n");
        assertThat(run.out()).isEmpty();
        assertThat(file).hasContent("years of work");
    }

    @Test
    void pruneWithForceOntoAPlainFileExitsTwoAndKeepsIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "mine");
        CliRun run = prune(file.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + " exists and is a file, not a Winnow output");
        assertThat(file).hasContent("mine");
    }

    @Test
    void pruneWithForceOntoTheDirectoryHoldingTheModelExitsTwoAndDeletesNothing() {
        CliRun run = prune(models.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(models + " holds the input " + model);
        assertModelAndNotesIntact();
    }

    @Test
    void pruneOntoItsOwnModelExitsTwoEvenWithForce() {
        CliRun run = prune(model.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(model + " is the input " + model);
        assertModelAndNotesIntact();
    }

    @Test
    void pruneOntoItsOwnRecipeFileExitsTwoEvenWithForce() {
        CliRun run = prune(recipe.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is the input " + recipe);
        assertThat(recipe).hasContent("winnow-recipe 1\nrandom().select(4)\n");
    }

    @Test
    void anEmptyOutIsRefusedAndTheWorkingDirectoryKept() throws Exception {
        CliRun run = winnowInScratchDirectory(pruneArgs("", "--force"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: --out is empty: name a new directory for the output\n");
    }

    @Test
    void theWorkingDirectoryAsOutIsRefusedAndKept() throws Exception {
        CliRun run = winnowInScratchDirectory(pruneArgs(".", "--force"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: . is the working directory: choose another --out\n");
    }

    @Test
    void theHomeDirectoryAsOutIsRefusedAndKept() throws Exception {
        CliRun run = winnowInScratchDirectory("train", "--arch", "mlp", "--data", "embedded", "--out",
                tmp.resolve("scratch/home").toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("scratch/home is your home directory");
        assertThat(run.out()).doesNotContain("training");
    }

    @Test
    void theRootDirectoryAsOutIsRefusedByEveryCommand() {
        CliRun prune = prune("/", "--force");
        assertThat(prune.exit()).isEqualTo(2);
        assertThat(prune.err()).contains("/ is the root directory");
        CliRun train = CliRun.winnow("train", "--arch", "mlp", "--data", "embedded", "--out", "/", "--force");
        assertThat(train.exit()).isEqualTo(2);
        assertThat(train.err()).contains("/ is the root directory");
        CliRun prove = CliRun.winnow("prove", "--quick", "--out", "/", "--force");
        assertThat(prove.exit()).isEqualTo(2);
        assertThat(prove.err()).contains("/ is the root directory");
    }

    @Test
    void trainRefusesAnOutputInsideItsDataDirectory() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        CliRun run = CliRun.winnow("train", "--arch", "mlp", "--data", data.toString(), "--out", data.resolve("m").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("lies inside the input " + data);
        assertThat(names(data)).isEmpty();
    }

    @Test
    void anOutputUnderAFileIsRefusedBeforeTheRecipeRuns() {
        CliRun run = prune(notes.resolve("out").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(notes + ": exists and is not a directory");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aSecondWriterExitsTwoNamingTheProcessThatIsWriting() throws IOException {
        Path out = tmp.resolve("busy");
        try (FileChannel channel = FileChannel.open(tmp.resolve(".busy.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            channel.write(ByteBuffer.wrap("12345".getBytes(StandardCharsets.US_ASCII)));
            CliRun train = CliRun.winnow("train", "--arch", "mlp", "--data", "embedded", "--out", out.toString());
            assertThat(train.exit()).isEqualTo(2);
            assertThat(train.err()).contains(out + " is being written by process 12345");
            assertThat(train.out()).doesNotContain("training");
            CliRun prune = prune(out.toString(), "--force");
            assertThat(prune.exit()).isEqualTo(2);
            assertThat(prune.err()).contains(out + " is being written by process 12345");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void pruneWithForceReplacesItsOwnPreviousOutputAndLeavesNothingBesideIt() throws IOException {
        Path out = tmp.resolve("runs/pruned");
        CliRun first = prune(out.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        Files.writeString(out.resolve("stale.txt"), "from the first run");
        CliRun second = prune(out.toString(), "--force");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(out.resolve("stale.txt")).doesNotExist();
        assertThat(out.resolve("report.json")).isNotEmptyFile();
        assertThat(ModelStore.readArchitecture(out).name()).isEqualTo("mlp");
        assertThat(names(tmp.resolve("runs"))).containsExactly("pruned");
        Path mkdir = Files.createDirectory(tmp.resolve("mkdir"));
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(mkdir));
    }

    @Test
    void proveWithForceOntoADirectoryOfUnrelatedFilesExitsTwoAndKeepsThem() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path file = Files.writeString(other.resolve("keep.txt"), "mine");
        CliRun run = CliRun.winnow("prove", "--quick", "--out", other.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("was not written by Winnow");
        assertThat(run.out()).isEmpty();
        assertThat(file).hasContent("mine");
    }

    @Test
    void fmtWriteKeepsTheFilesMode() throws IOException {
        Path r = Files.writeString(tmp.resolve("m.recipe"), "winnow-recipe 1\nrandom( ).select( 4 )\n");
        Files.setPosixFilePermissions(r, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(CliRun.winnow("recipe", "fmt", "--write", r.toString()).exit()).isZero();
        assertThat(r).hasContent("winnow-recipe 1\n\nrandom().select(4)\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r))).isEqualTo("rw-r--r--");
    }

    @Test
    void fmtWriteThroughASymbolicLinkRewritesTheTargetAndKeepsTheLink() throws IOException {
        Path real = Files.writeString(tmp.resolve("real.recipe"), "winnow-recipe 1\nrandom( ).select( 4 )\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.recipe"), real);
        assertThat(CliRun.winnow("recipe", "fmt", "--write", link.toString()).exit()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("winnow-recipe 1\n\nrandom().select(4)\n");
    }
}
