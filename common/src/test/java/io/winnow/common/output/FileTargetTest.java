package io.winnow.common.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-file outputs ({@link Outputs#claimFile}): the directory rules, with the content telling Winnow's files. */
class FileTargetTest {

    private static final String OURS = "written by winnow\n";
    /** Stands in for an ONNX file's producer name: a file is Winnow's when its content says so. */
    private static final Predicate<Path> WRITTEN_BY_WINNOW = file -> {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).startsWith(OURS);
        } catch (IOException e) {
            return false;
        }
    };

    @TempDir
    Path tmp;

    private static void write(Path out, boolean force, String content) {
        try (FileTarget target = Outputs.claimFile(out, "a test file", force, List.of(), 0, WRITTEN_BY_WINNOW)) {
            target.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFileIsWrittenWholeAndNothingIsLeftBesideIt() throws IOException {
        Path out = tmp.resolve("sub/model.onnx");
        write(out, false, OURS + "1");
        assertThat(out).hasContent(OURS + "1");
        assertThat(names(out.getParent())).containsExactly("model.onnx");
    }

    @Test
    void anExistingFileIsKeptWithoutForce() {
        Path out = tmp.resolve("model.onnx");
        write(out, false, OURS + "1");
        assertThatThrownBy(() -> write(out, false, OURS + "2"))
                .isInstanceOf(OutputException.class).hasMessageContaining("already exists; pass --force");
        assertThat(out).hasContent(OURS + "1");
    }

    @Test
    void forceReplacesAFileWinnowWrote() throws IOException {
        Path out = tmp.resolve("model.onnx");
        write(out, false, OURS + "1");
        write(out, true, OURS + "2");
        assertThat(out).hasContent(OURS + "2");
        assertThat(names(tmp)).containsExactly("model.onnx");
    }

    @Test
    void forceNeverReplacesAFileWinnowDidNotWrite() throws IOException {
        Path out = tmp.resolve("model.onnx");
        Files.writeString(out, "the user's own model");
        assertThatThrownBy(() -> write(out, true, OURS))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("was not written by Winnow (it is not a test file Winnow wrote)");
        assertThat(out).hasContent("the user's own model");
    }

    @Test
    void aDirectoryIsNeverReplacedByAFile() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("model.onnx"));
        assertThatThrownBy(() -> write(out, true, OURS))
                .isInstanceOf(OutputException.class).hasMessageContaining("is a directory; this output is one file");
        assertThat(out).isDirectory();
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAWinnowFile() throws IOException {
        Path real = tmp.resolve("real.onnx");
        write(real, false, OURS);
        Path link = Files.createSymbolicLink(tmp.resolve("link.onnx"), real);
        assertThatThrownBy(() -> write(link, true, OURS + "2"))
                .isInstanceOf(OutputException.class).hasMessageContaining("is a symbolic link");
        assertThat(real).hasContent(OURS);
    }

    @Test
    void theInputIsNeverTheOutput() throws IOException {
        Path input = tmp.resolve("in.onnx");
        Files.writeString(input, OURS);
        assertThatThrownBy(() -> Outputs.claimFile(input, "a test file", true, List.of(input), 0, WRITTEN_BY_WINNOW))
                .isInstanceOf(OutputException.class).hasMessageContaining("is the input");
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheFile() {
        Path out = tmp.resolve("model.onnx");
        try (FileTarget first = Outputs.claimFile(out, "a test file", false, List.of(), 0, WRITTEN_BY_WINNOW)) {
            assertThatThrownBy(() -> Outputs.claimFile(out, "a test file", false, List.of(), 0, WRITTEN_BY_WINNOW))
                    .isInstanceOf(OutputException.class).hasMessageContaining("is being written by process");
        }
    }

    @Test
    void aFailedRenameKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
        Path out = tmp.resolve("model.onnx");
        write(out, false, OURS + "1");
        try (FileTarget target = Outputs.claimFile(out, "a test file", true, List.of(), 0, WRITTEN_BY_WINNOW,
                (from, to) -> {
                    throw new IOException("disk on fire");
                })) {
            assertThatThrownBy(() -> target.write((OURS + "2").getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(OutputException.class).hasMessageContaining("disk on fire")
                    .hasMessageContaining("the previous file, if any, is kept");
        }
        assertThat(out).hasContent(OURS + "1");
        assertThat(names(tmp)).containsExactly("model.onnx");
    }

    @Test
    void aFileThatBecameSomeoneElsesDuringTheRunIsNotReplaced() throws IOException {
        Path out = tmp.resolve("model.onnx");
        write(out, false, OURS + "1");
        try (FileTarget target = Outputs.claimFile(out, "a test file", true, List.of(), 0, WRITTEN_BY_WINNOW)) {
            Files.writeString(out, "the user's own model");
            assertThatThrownBy(() -> target.write(OURS.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(OutputException.class).hasMessageContaining("changed during the run");
        }
        assertThat(out).hasContent("the user's own model");
    }
}
