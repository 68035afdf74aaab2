package io.winnow.common.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a writer killed mid-write leaves, and what the next run makes of it. */
class InterruptedWriteTest {

    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void writeOutput(Path out, boolean force, String text) {
        Outputs.write(out, "test", force, List.of(), 0, s -> s.write("x", text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The id of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    /** A directory named and marked as Winnow's temporary of {@code out}, as a killed writer leaves it. */
    private static Path leftover(Path out, String role, long pid, String text) throws IOException {
        Path dir = Files.createDirectory(out.resolveSibling("." + out.getFileName() + "." + role + "-" + pid + "-1"));
        OutputMarker.of("test").writeInto(dir);
        Files.writeString(dir.resolve("x"), text);
        return dir;
    }

    private static Process startWriter(Path out, boolean force) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StagingChild.class.getName(),
                out.toString(), force ? "--force" : "").redirectErrorStream(true).start();
    }

    private static void awaitStaged(Process child) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("staged ")) {
            // the child's log lines before it has staged
        }
        assertThat(line).as("the child staged its output").isNotNull();
    }

    @Test
    void aStagedDirectoryOfADeadWriterIsRemovedByTheNextRun() throws Exception {
        Path out = tmp.resolve("out");
        leftover(out, "tmp", deadPid(), "half");
        writeOutput(out, false, "whole");
        assertThat(out.resolve("x")).hasContent("whole");
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void aWriterKilledBetweenItsTwoRenamesHasTheOldOutputRestoredByTheNextRun() throws Exception {
        Path out = tmp.resolve("out");
        long dead = deadPid();
        leftover(out, "old", dead, "previous");
        leftover(out, "tmp", dead, "complete but never moved");
        try (OutputTarget target = Outputs.claim(out, "test", true, List.of(), 0)) {
            assertThat(out.resolve("x")).hasContent("previous");
        }
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void aRestoredOutputStillNeedsForceToBeReplaced() throws Exception {
        Path out = tmp.resolve("out");
        leftover(out, "old", deadPid(), "previous");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writeOutput(out, false, "new"))
                .hasMessageContaining("already exists; pass --force");
        assertThat(out.resolve("x")).hasContent("previous");
    }

    @Test
    void anOldOutputOfADeadWriterIsDeletedWhenOutIsInPlace() throws Exception {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "current");
        leftover(out, "old", deadPid(), "previous");
        writeOutput(out, true, "next");
        assertThat(out.resolve("x")).hasContent("next");
        assertThat(names(tmp)).containsExactly("out");
    }

    @Test
    void aLookAlikeWithoutWinnowsMarkerIsLeftAlone() throws Exception {
        Path out = tmp.resolve("out");
        Path foreign = Files.createDirectory(tmp.resolve(".out.tmp-" + deadPid() + "-1"));
        Files.writeString(foreign.resolve("keep.txt"), "mine");
        writeOutput(out, false, "new");
        assertThat(foreign.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aLeftoverOfALiveProcessIsLeftAlone() throws Exception {
        Path out = tmp.resolve("out");
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            Path busy = leftover(out, "tmp", alive.pid(), "busy");
            writeOutput(out, false, "new");
            assertThat(busy.resolve("x")).hasContent("busy");
        } finally {
            alive.destroy();
        }
    }

    @Test
    void sigtermWhileStagingLeavesNoDebrisAndTheOldOutputIntact() throws Exception {
        Path out = tmp.resolve("out");
        writeOutput(out, false, "old");
        Process child = startWriter(out, true);
        awaitStaged(child);
        child.destroy();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(names(tmp)).containsExactly("out");
        assertThat(out.resolve("x")).hasContent("old");
    }

    @Test
    void sigintWhileStagingLeavesNoDebris() throws Exception {
        // A child inherits an ignored SIGINT (a shell's background job without job control ignores it),
        // and then no handler can run: the interrupt never arrives, and there is nothing to test.
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process, so in the child too");
        Path out = tmp.resolve("out");
        Process child = startWriter(out, false);
        awaitStaged(child);
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void sigkillWhileStagingLeavesDebrisThatTheNextRunRemoves() throws Exception {
        Path out = tmp.resolve("out");
        Process child = startWriter(out, false);
        awaitStaged(child);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(names(tmp)).anyMatch(n -> n.startsWith(".out.tmp-" + child.pid() + "-"));
        writeOutput(out, false, "new");
        assertThat(names(tmp)).containsExactly("out");
    }

    /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask in /proc/self/status, Linux). */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
