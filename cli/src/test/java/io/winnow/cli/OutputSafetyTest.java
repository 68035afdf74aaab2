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

    private record Run(int exit, String out, String err) {
    }

    private static Run winnow(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs winnow in a child JVM whose working and home directories are fresh ones under {@code tmp}. */
    private Run winnowInScratchDirectory(String... args) throws Exception {
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
        return new Run(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run prune(String out, String... more) {
        return winnow(pruneArgs(out, more));
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
        Run run = prune(other.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: " + other + " exists and was not written by Winnow (it has no "
                + ".winnow-output); --force replaces only Winnow outputs: choose another --out\n");
        assertThat(run.out()).isEmpty();
        assertThat(file).hasContent("years of work");
    }

    @Test
    void pruneWithForceOntoAPlainFileExitsTwoAndKeepsIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "mine");
        Run run = prune(file.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + " exists and is a file, not a Winnow output");
        assertThat(file).hasContent("mine");
    }

    @Test
    void pruneWithForceOntoTheDirectoryHoldingTheModelExitsTwoAndDeletesNothing() {
        Run run = prune(models.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(models + " holds the input " + model);
        assertModelAndNotesIntact();
    }

    @Test
    void pruneOntoItsOwnModelExitsTwoEvenWithForce() {
        Run run = prune(model.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(model + " is the input " + model);
        assertModelAndNotesIntact();
    }

    @Test
    void pruneOntoItsOwnRecipeFileExitsTwoEvenWithForce() {
        Run run = prune(recipe.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is the input " + recipe);
        assertThat(recipe).hasContent("winnow-recipe 1\nrandom().select(4)\n");
    }

    @Test
    void anEmptyOutIsRefusedAndTheWorkingDirectoryKept() throws Exception {
        Run run = winnowInScratchDirectory(pruneArgs("", "--force"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: --out is empty: name a new directory for the output\n");
    }

    @Test
    void theWorkingDirectoryAsOutIsRefusedAndKept() throws Exception {
        Run run = winnowInScratchDirectory(pruneArgs(".", "--force"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("winnow prune: . is the working directory: choose another --out\n");
    }

    @Test
    void theHomeDirectoryAsOutIsRefusedAndKept() throws Exception {
        Run run = winnowInScratchDirectory("train", "--arch", "mlp", "--data", "embedded", "--out",
                tmp.resolve("scratch/home").toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("scratch/home is your home directory");
        assertThat(run.out()).doesNotContain("training");
    }

    @Test
    void theRootDirectoryAsOutIsRefusedByEveryCommand() {
        Run prune = prune("/", "--force");
        assertThat(prune.exit()).isEqualTo(2);
        assertThat(prune.err()).contains("/ is the root directory");
        Run train = winnow("train", "--arch", "mlp", "--data", "embedded", "--out", "/", "--force");
        assertThat(train.exit()).isEqualTo(2);
        assertThat(train.err()).contains("/ is the root directory");
        Run prove = winnow("prove", "--quick", "--out", "/", "--force");
        assertThat(prove.exit()).isEqualTo(2);
        assertThat(prove.err()).contains("/ is the root directory");
    }

    @Test
    void trainRefusesAnOutputInsideItsDataDirectory() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Run run = winnow("train", "--arch", "mlp", "--data", data.toString(), "--out", data.resolve("m").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("lies inside the input " + data);
        assertThat(names(data)).isEmpty();
    }

    @Test
    void anOutputUnderAFileIsRefusedBeforeTheRecipeRuns() {
        Run run = prune(notes.resolve("out").toString());
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
            Run train = winnow("train", "--arch", "mlp", "--data", "embedded", "--out", out.toString());
            assertThat(train.exit()).isEqualTo(2);
            assertThat(train.err()).contains(out + " is being written by process 12345");
            assertThat(train.out()).doesNotContain("training");
            Run prune = prune(out.toString(), "--force");
            assertThat(prune.exit()).isEqualTo(2);
            assertThat(prune.err()).contains(out + " is being written by process 12345");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void pruneWithForceReplacesItsOwnPreviousOutputAndLeavesNothingBesideIt() throws IOException {
        Path out = tmp.resolve("runs/pruned");
        Run first = prune(out.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        Files.writeString(out.resolve("stale.txt"), "from the first run");
        Run second = prune(out.toString(), "--force");
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
        Run run = winnow("prove", "--quick", "--out", other.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("was not written by Winnow");
        assertThat(run.out()).isEmpty();
        assertThat(file).hasContent("mine");
    }

    @Test
    void fmtWriteKeepsTheFilesMode() throws IOException {
        Path r = Files.writeString(tmp.resolve("m.recipe"), "winnow-recipe 1\nrandom( ).select( 4 )\n");
        Files.setPosixFilePermissions(r, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(winnow("recipe", "fmt", "--write", r.toString()).exit()).isZero();
        assertThat(r).hasContent("winnow-recipe 1\n\nrandom().select(4)\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r))).isEqualTo("rw-r--r--");
    }

    @Test
    void fmtWriteThroughASymbolicLinkRewritesTheTargetAndKeepsTheLink() throws IOException {
        Path real = Files.writeString(tmp.resolve("real.recipe"), "winnow-recipe 1\nrandom( ).select( 4 )\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.recipe"), real);
        assertThat(winnow("recipe", "fmt", "--write", link.toString()).exit()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("winnow-recipe 1\n\nrandom().select(4)\n");
    }
}
