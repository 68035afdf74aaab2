package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProveCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** What each optimizeGamma run passes through in the runs of this test: the honest identity unless a test corrupts it. */
    private UnaryOperator<Selection> beforeChecks = UnaryOperator.identity();

    private int prove(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "prove";
        System.arraycopy(args, 0, full, 1, args.length);
        return Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), Commands.proveWith(beforeChecks), full);
    }


    @Test
    void theQuickReportPassesWithExitZero() {
        Path dir = tmp.resolve("report");
        assertThat(prove("--quick", "--out", dir.toString())).as(err.toString()).isEqualTo(Winnow.EXIT_OK);
        assertThat(dir.resolve("index.html")).isNotEmptyFile();
        assertThat(dir.resolve("index.md")).isNotEmptyFile();
        assertThat(out.toString()).contains("quick grid").contains("Lemma 1").contains("PASS").doesNotContain("FAIL");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aCorruptedRunGivesExitOneAndPrintsTheViolation() {
        AtomicBoolean done = new AtomicBoolean();
        beforeChecks = s -> done.getAndSet(true) || s.steps().size() < 2 ? s : stalledAtStepOne(s);
        Path dir = tmp.resolve("corrupted");
        assertThat(prove("--quick", "--out", dir.toString(), "--seed", "7")).isEqualTo(Winnow.EXIT_RUN_FAILED);
        assertThat(err.toString()).contains("violation: Lemma 3: ").contains(" step 1: ").contains("violated:");
        assertThat(out.toString()).contains("FAIL");
        assertThat(dir.resolve("index.md")).content().contains("Overall: FAIL");
    }

    @Test
    void anExistingOutputDirectoryIsRefusedWithExitTwo() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(dir.resolve("mine.txt"), "keep");
        assertThat(prove("--quick", "--out", dir.toString())).isEqualTo(Winnow.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("already exists").contains("--force");
        assertThat(dir.resolve("mine.txt")).hasContent("keep");
        assertThat(dir.resolve("index.md")).doesNotExist();
    }

    @Test
    void anOutputPathUnderAFileIsBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThat(prove("--quick", "--out", file.resolve("report").toString())).isEqualTo(Winnow.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains(file + ": exists and is not a directory");
    }

    @Test
    void theOutputDirectoryIsRequired() {
        assertThat(prove("--quick")).isEqualTo(Winnow.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--out");
    }

    /** Step 1 claims L_2 = 1.5 L_1: no step with r_k > 0 may increase L (Lemma 3). */
    private static Selection stalledAtStepOne(Selection s) {
        List<SelectionStep> steps = new ArrayList<>(s.steps());
        steps.set(1, steps.get(1).withLossAfter(steps.get(1).lossBefore() * 1.5));
        return s.withSteps(steps);
    }
}
