package io.winnow.common.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {

    @TempDir
    Path tmp;

    private static void writeOutput(Path out, boolean force, String name, String text) {
        Outputs.write(out, "test", force, List.of(), 0,
                s -> s.write(name, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static OutputTarget claim(Path out, boolean force, Path... inputs) {
        return Outputs.claim(out, "test", force, List.of(inputs), 0);
    }

    @Test
    void aCommittedOutputHoldsItsFilesAndWinnowsMarkerAndNothingIsLeftBesideIt() throws IOException {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "report.json", "{}");
        assertThat(out.resolve("report.json")).hasContent("{}");
        assertThat(OutputMarker.read(out)).hasValueSatisfying(m -> {
            assertThat(m.tool()).isEqualTo("winnow");
            assertThat(m.kind()).isEqualTo("test");
            assertThat(m.version()).isNotBlank().doesNotContain("${");
        });
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void missingParentsAreCreatedAsMkdirDashPWould() {
        Path out = tmp.resolve("a/b/out");
        writeOutput(out, false, "x", "1");
        assertThat(out.resolve("x")).hasContent("1");
    }

    @Test
    void anExistingOutputIsRefusedWithoutForce() {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "x", "old");
        assertThatThrownBy(() -> claim(out, false)).isInstanceOf(OutputException.class)
                .hasMessage(out + " already exists; pass --force to replace it");
        assertThat(out.resolve("x")).hasContent("old");
    }

    @Test
    void forceReplacesAPreviousWinnowOutputWhole() throws IOException {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "old.txt", "old");
        writeOutput(out, true, "new.txt", "new");
        assertThat(out.resolve("old.txt")).doesNotExist();
        assertThat(out.resolve("new.txt")).hasContent("new");
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void forceOntoADirectoryWinnowDidNotWriteIsRefusedAndItsFilesKept() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> claim(out, true)).isInstanceOf(OutputException.class)
                .hasMessageContaining(out + " exists and was not written by Winnow");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(names(tmp)).containsExactly("models");
    }

    @Test
    void aMarkerNamingAnotherToolDoesNotCount() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve(OutputMarker.FILE), "tool=other\n");
        assertThatThrownBy(() -> claim(out, true)).hasMessageContaining("was not written by Winnow");
    }

    @Test
    void forceOntoAPlainFileIsRefusedAndTheFileKept() throws IOException {
        Path out = Files.writeString(tmp.resolve("file.txt"), "mine");
        assertThatThrownBy(() -> claim(out, true)).isInstanceOf(OutputException.class)
                .hasMessage(out + " exists and is a file, not a Winnow output; choose another --out");
        assertThat(out).hasContent("mine");
    }

    @Test
    void forceOntoASymbolicLinkIsRefused() throws IOException {
        Path real = tmp.resolve("real");
        writeOutput(real, false, "x", "1");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> claim(link, true)).hasMessageContaining("is a symbolic link");
        assertThat(real.resolve("x")).hasContent("1");
    }

    @Test
    void anEmptyPathIsRefused() {
        assertThatThrownBy(() -> claim(Path.of(""), true)).isInstanceOf(OutputException.class)
                .hasMessageContaining("--out is empty");
    }

    @Test
    void theRootDirectoryIsRefused() {
        assertThatThrownBy(() -> claim(Path.of("/"), true)).hasMessageContaining("is the root directory");
    }

    @Test
    void theWorkingDirectoryIsRefused() {
        assertThatThrownBy(() -> claim(Path.of("."), true)).hasMessage(". is the working directory: choose another --out");
    }

    @Test
    void aDirectoryHoldingTheWorkingDirectoryIsRefused() {
        assertThatThrownBy(() -> claim(Path.of(".."), true)).hasMessageContaining("holds the working directory");
    }

    @Test
    void theHomeDirectoryIsRefused() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            assertThatThrownBy(() -> claim(home, true)).hasMessage(home + " is your home directory: choose another --out");
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    @Test
    void anInputIsRefusedEvenWithForce() throws IOException {
        Path model = tmp.resolve("m");
        writeOutput(model, false, "x", "1");
        assertThatThrownBy(() -> claim(model, true, model)).hasMessage(model + " is the input " + model
                + ": choose another --out");
    }

    @Test
    void aDirectoryHoldingAnInputIsRefusedEvenWhenItIsAWinnowOutput() throws IOException {
        Path models = tmp.resolve("models");
        writeOutput(models, false, "notes.txt", "mine");
        Path model = models.resolve("m");
        assertThatThrownBy(() -> claim(models, true, model)).hasMessageContaining(models + " holds the input " + model);
        assertThat(models.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void aPathInsideAnInputIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        assertThatThrownBy(() -> claim(data.resolve("out"), false, data)).hasMessageContaining("lies inside the input");
        assertThat(names(data)).isEmpty();
    }

    @Test
    void anInputReachedThroughASymbolicLinkIsRecognised() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real/model"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        assertThatThrownBy(() -> claim(link.resolve("model"), true, real)).hasMessageContaining("is the input");
        assertThatThrownBy(() -> claim(tmp.resolve("real"), true, link.resolve("model")))
                .hasMessageContaining("holds the input");
    }

    @Test
    void aParentThatIsAFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> claim(file.resolve("sub/out"), false))
                .hasMessage(file + ": exists and is not a directory, so " + file.resolve("sub/out") + " cannot be created");
        assertThat(names(tmp)).containsExactly("plain");
    }

    @Test
    void aReadOnlyParentIsRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root may write anywhere").isNotEqualTo("root");
        Path parent = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> claim(parent.resolve("out"), false)).hasMessageContaining(parent + " is not writable");
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void tooLittleFreeSpaceIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = tmp.resolve("a/out");
        assertThatThrownBy(() -> Outputs.claim(out, "test", false, List.of(), Long.MAX_VALUE))
                .hasMessageContaining("cannot create " + out + ": " + tmp + " has").hasMessageContaining("MiB free");
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void aSecondWriterIsRefusedNamingTheProcessThatHoldsTheLock() throws IOException {
        Path out = tmp.resolve("out");
        Path lockFile = tmp.resolve(".out.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            channel.write(java.nio.ByteBuffer.wrap("12345".getBytes(StandardCharsets.US_ASCII)));
            assertThatThrownBy(() -> claim(out, true)).isInstanceOf(OutputException.class)
                    .hasMessageStartingWith(out + " is being written by process 12345");
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aClaimHeldInThisProcessBlocksAnotherClaimUntilClosed() {
        Path out = tmp.resolve("out");
        try (OutputTarget first = claim(out, false)) {
            assertThatThrownBy(() -> claim(out, false))
                    .hasMessageContaining("is being written by process " + ProcessHandle.current().pid());
        }
        claim(out, false).close();
    }

    @Test
    void aFailureWhileStagingKeepsTheOldOutputAndLeavesNoDebris() throws IOException {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "x", "old");
        assertThatThrownBy(() -> Outputs.write(out, "test", true, List.of(), 0, s -> {
            s.write("x", "new".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("the run failed");
        })).hasMessage("the run failed");
        assertThat(out.resolve("x")).hasContent("old");
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void aFailedSecondRenameMovesTheOldOutputBack() throws IOException {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "x", "old");
        Staging.Mover failOntoTarget = (from, to) -> {
            if (to.equals(out) && from.getFileName().toString().contains(".tmp-")) {
                throw new IOException("simulated failure");
            }
            Staging.Mover.ATOMIC.move(from, to);
        };
        try (OutputTarget target = Outputs.claim(out, "test", true, List.of(), 0, failOntoTarget);
             Staging staging = target.stage()) {
            staging.write("x", "new".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(staging::commit).isInstanceOf(OutputException.class)
                    .hasMessageContaining("simulated failure").hasMessageContaining("previous output, if any, is kept");
        }
        assertThat(out.resolve("x")).hasContent("old");
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void aFileMayNotBeWrittenOutsideTheOutput() {
        Path out = tmp.resolve("out");
        try (OutputTarget target = claim(out, false); Staging staging = target.stage()) {
            assertThatThrownBy(() -> staging.write("../escape", new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> staging.write(OutputMarker.FILE, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void directoriesAndFilesGetTheUmasksModesLikeMkdirAndTouch() throws IOException {
        Path out = tmp.resolve("out");
        Outputs.write(out, "test", false, List.of(), 0, s -> s.write("sub/file", new byte[1]));
        Path mkdir = Files.createDirectory(tmp.resolve("mkdir"));
        Path touch = Files.createFile(tmp.resolve("touch"));
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(mkdir));
        assertThat(Files.getPosixFilePermissions(out.resolve("sub"))).isEqualTo(Files.getPosixFilePermissions(mkdir));
        assertThat(Files.getPosixFilePermissions(out.resolve("sub/file"))).isEqualTo(Files.getPosixFilePermissions(touch));
        assertThat(Files.getPosixFilePermissions(out.resolve(OutputMarker.FILE)))
                .isEqualTo(Files.getPosixFilePermissions(touch));
    }

    @Test
    void replacingAFileKeepsItsMode() throws IOException {
        Path file = Files.writeString(tmp.resolve("r.recipe"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Outputs.replaceFile(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(names(tmp)).containsExactly("r.recipe");
    }

    @Test
    void replacingASymbolicLinkRewritesItsTargetAndKeepsTheLink() throws IOException {
        Path real = Files.writeString(Files.createDirectories(tmp.resolve("shared")).resolve("r.recipe"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.recipe"), real);
        Outputs.replaceFile(link, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
        assertThat(names(tmp.resolve("shared"))).containsExactly("r.recipe");
    }
}
