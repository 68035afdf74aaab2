package io.winnow.proofs.report;

import io.winnow.tf.checks.TrainedDeepRunner;
import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.common.output.OutputMarker;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.proofs.CheckResult;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofReportTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path shared;

    private static ReportResult quick;
    private static Path quickDir;

    @BeforeAll
    static void writeTheQuickReportOnce() throws IOException {
        quick = ProofReport.run(ReportConfig.quick(ReportConfig.DEFAULT_SEED), TrainedDeepRunner.INSTANCE);
        quickDir = shared.resolve("report");
        writeReport(quick, quickDir);
    }

    private static void writeReport(ReportResult result, Path out) throws IOException {
        try (OutputTarget target = Outputs.claim(out, ProofReport.KIND, false, List.of(), 0);
             Staging dir = target.stage()) {
            ProofReport.write(result, dir);
            dir.commit();
        }
    }

    /** Corrupts step 1 of the first optimizeGamma run it sees: L_2 claimed above L_1, which no r_k > 0 allows. */
    static UnaryOperator<Selection> corruptFirstRun() {
        AtomicBoolean done = new AtomicBoolean();
        return s -> {
            if (done.getAndSet(true) || s.steps().size() < 2) {
                return s;
            }
            List<SelectionStep> steps = new ArrayList<>(s.steps());
            steps.set(1, steps.get(1).withLossAfter(steps.get(1).lossBefore() * 1.5));
            return s.withSteps(steps);
        };
    }

    @Test
    void theQuickReportWritesHtmlMarkdownAndPngPlots() throws IOException {
        assertThat(quickDir.resolve("index.html")).isNotEmptyFile();
        assertThat(quickDir.resolve("index.md")).isNotEmptyFile();
        List<Path> pngs;
        try (Stream<Path> files = Files.list(quickDir)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertThat(pngs).hasSize(quick.curves().size() + 3 + 2 * quick.deep().size());
        for (Path png : pngs) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as("%s", png).isGreaterThan(1000);
            assertThat(Arrays.copyOf(bytes, 8)).as("%s", png).isEqualTo(PNG_MAGIC);
        }
        String html = Files.readString(quickDir.resolve("index.html"), StandardCharsets.UTF_8);
        for (Path png : pngs) {
            assertThat(html).contains("src=\"" + png.getFileName() + "\"");
        }
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void theQuickReportLeavesNoStagingFilesBehind() throws IOException {
        try (Stream<Path> files = Files.list(shared)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("report").noneMatch(name -> name.startsWith("."));
        }
        try (Stream<Path> files = Files.list(quickDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".") && !name.equals(OutputMarker.FILE));
        }
    }

    @Test
    void theQuickRunHoldsEverywhere() {
        assertThat(ProofReport.violationLines(quick)).isEmpty();
        assertThat(quick.holds()).isTrue();
        assertThat(quick.contractions()).isNotEmpty().noneMatch(ContractionPoint::aboveBound);
        assertThat(quick.tallies()).allSatisfy(t -> assertThat(t.checked()).as(t.check()).isPositive());
    }

    @Test
    void thePassFailTableMatchesTheCheckResultsOfTheRun() throws IOException {
        String md = Files.readString(quickDir.resolve("index.md"), StandardCharsets.UTF_8);
        for (Map.Entry<String, List<CheckResult>> e : quick.results().entrySet()) {
            List<CheckResult> results = e.getValue();
            long checked = results.stream().mapToLong(CheckResult::checked).sum();
            long skipped = results.stream().mapToLong(CheckResult::skipped).sum();
            long violated = results.stream().mapToLong(r -> r.violations().size()).sum();
            long failing = results.stream().filter(r -> !r.holds()).count();
            String row = "| " + e.getKey() + " | " + results.size() + " | " + checked + " | " + (checked - violated) + " | "
                    + violated + " | " + skipped + " | " + failing + " | " + (violated == 0 ? "PASS" : "FAIL") + " |";
            assertThat(md).contains(row);
        }
        List<String> checks = new ArrayList<>(CheckRunner.CHECKS);
        checks.add(DeepResult.THEOREM_4);
        assertThat(quick.results().keySet()).containsExactlyElementsOf(checks);
    }

    @Test
    void theHtmlAndTheMarkdownCarryTheSameTableCells() throws IOException {
        String md = Files.readString(quickDir.resolve("index.md"), StandardCharsets.UTF_8);
        String html = Files.readString(quickDir.resolve("index.html"), StandardCharsets.UTF_8);
        for (CheckTally t : quick.tallies()) {
            assertThat(md).contains("| " + t.check() + " | " + t.runs() + " | " + t.checked() + " |");
            assertThat(html).contains("<td>" + t.check() + "</td><td>" + t.runs() + "</td><td>" + t.checked() + "</td>");
        }
        assertThat(md).contains("| seed | " + ReportConfig.DEFAULT_SEED + " |");
        assertThat(html).contains("<td>seed</td><td>" + ReportConfig.DEFAULT_SEED + "</td>");
    }

    @Test
    void aCorruptedRunIsReportedAsAFailureWithItsStep() throws IOException {
        ReportConfig tiny = new ReportConfig(5, true, 3, 1, 12, 8, 10, new int[] {3}, new int[] {16}, new int[] {16},
                new int[] {20}, new int[] {3}, List.of());
        ReportResult result = ProofReport.run(tiny, TrainedDeepRunner.INSTANCE, corruptFirstRun());
        assertThat(result.holds()).isFalse();
        CheckTally lemma3 = result.tallies().stream().filter(t -> t.check().equals(CheckRunner.LEMMA_3)).findFirst().orElseThrow();
        assertThat(lemma3.verdict()).isEqualTo("FAIL");
        assertThat(lemma3.violations()).anySatisfy(v -> assertThat(v.step()).isEqualTo(1));
        assertThat(ProofReport.violationLines(result)).anySatisfy(line -> assertThat(line).startsWith("Lemma 3: ").contains("step 1"));
        Path out = shared.resolve("corrupted");
        writeReport(result, out);
        String md = Files.readString(out.resolve("index.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("Overall: FAIL").contains("## Violations").containsPattern("\\| Lemma 3 \\|[^\\n]*\\| FAIL \\|");
    }
}
