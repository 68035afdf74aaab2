package io.winnow.assertj;

import static io.winnow.assertj.WinnowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.PruneResult;
import io.winnow.report.PruneReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assertions on real reports: one tiny run saved (the mlp 16-12 at ratio 0.5), a second run with
 * the same seed and a third with another, and copies of the first edited one field at a time.
 */
class PruneReportAssertTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path good;
    private static PruneResult again;
    private static PruneResult otherSeed;

    @BeforeAll
    static void pruneTheTinyModelThreeTimes() {
        good = TinyRuns.prune(5).save(shared.resolve("good"));
        again = TinyRuns.prune(5);
        otherSeed = TinyRuns.prune(6);
    }

    @Test
    void aGoodReportPassesEveryAssertion() {
        ReportOnDisk run = PruneReportFiles.read(good);
        PruneReport.Layer first = run.report().layers().get(0);
        assertThat(run).verifies().allCertificatesHold().theorem4Holds().flopsFractionAtMost(1.0)
                .accuracyDropAtMost(1.0).layer(first.name()).keptAtMost(first.widthAfter())
                .lossAtMost(first.selection().orElseThrow().finalLoss()).certificateHolds();
    }

    @Test
    void anEditedCertificateFailsNamingTheLayerAndBothValues() throws IOException {
        Path dir = edit("bound", r -> ((ObjectNode) r.get("layers").get(1).get("certificate")).put("finalBound", 1e-9));
        String name = PruneReportFiles.read(dir).report().layers().get(1).name();

        assertThatThrownBy(() -> assertThat(PruneReportFiles.read(dir)).allCertificatesHold())
                .hasMessageContaining("every layer's bound certificate to hold when recomputed")
                .hasMessageContaining("layer " + name + ": $.layers[1].certificate.finalBound: recorded 1.0E-9, ");
    }

    @Test
    void aRecordedVerdictIsNotTrusted() throws IOException {
        Path dir = edit("holds", r -> {
            ObjectNode step = (ObjectNode) r.get("layers").get(0).get("selection").get("steps").get(0);
            step.put("lossAfter", step.get("lossAfter").asDouble() * 0.5);
        });

        assertThatThrownBy(() -> assertThat(PruneReportFiles.read(dir)).allCertificatesHold())
                .hasMessageContaining("$.layers[0].selection.steps[");
    }

    @Test
    void aTheorem4ViolationNamesTheSampleAndItsBound() throws IOException {
        Path dir = edit("t4", r -> ((ArrayNode) r.get("theorem4").get("lhs")).set(3, 1e6));

        assertThatThrownBy(() -> assertThat(PruneReportFiles.read(dir)).theorem4Holds())
                .hasMessageContaining("calibration sample 3: ||F^(x) - F(x)|| = 1000000.0 > bound ");
    }

    @Test
    void budgetsFailWithTheRecordedAndTheAllowedValues() {
        ReportOnDisk run = PruneReportFiles.read(good);
        PruneReport.Accuracy a = run.report().accuracy();
        double drop = a.original().accuracy() - a.afterSelection().accuracy();

        assertThatThrownBy(() -> assertThat(run).flopsFractionAtMost(0.01))
                .hasMessageContaining("to be at most\n  0.01\nbut was\n  " + run.report().size().flopsFraction());
        assertThatThrownBy(() -> assertThat(run).accuracyDropAtMost(drop - 0.05))
                .hasMessageContaining("but was\n  " + drop + " (top-1 " + a.original().accuracy());
    }

    @Test
    void aLayerAssertionNamesTheLayer() {
        ReportOnDisk run = PruneReportFiles.read(good);
        PruneReport.Layer first = run.report().layers().get(0);

        assertThatThrownBy(() -> assertThat(run).layer(first.name()).keptAtMost(first.widthAfter() - 1))
                .hasMessageContaining("Expecting layer " + first.name() + " to keep at most\n  "
                        + (first.widthAfter() - 1) + " channel(s)\nbut it kept\n  " + first.widthAfter());
        assertThatThrownBy(() -> assertThat(run).layer(first.name()).lossAtMost(-1))
                .hasMessageContaining("Expecting layer " + first.name() + "'s final loss L to be at most\n  -1.0");
        assertThatThrownBy(() -> assertThat(run).layer("conv9"))
                .hasMessageContaining("to have pruned a layer named\n  conv9\nbut its layers are");
    }

    @Test
    void softAssertionsReportEveryFailureTogether() {
        ReportOnDisk run = PruneReportFiles.read(good);
        WinnowSoftAssertions softly = new WinnowSoftAssertions();
        softly.assertThat(run).flopsFractionAtMost(0.01).accuracyDropAtMost(-1).allCertificatesHold();
        softly.assertThat(run.report().layers().get(0)).keptAtMost(0);

        org.assertj.core.api.Assertions.assertThat(softly.errorsCollected()).hasSize(3);
        assertThatThrownBy(softly::assertAll).hasMessageContaining("FLOPs fraction")
                .hasMessageContaining("accuracy drop").hasMessageContaining("to keep at most");
    }

    @Test
    void aRunWithTheSameSeedReproducesTheReportAndAnotherSeedDoesNot() {
        ReportOnDisk saved = PruneReportFiles.read(good);
        PruneReport unsaved = again.report().withDigests(saved.report().digests());

        assertThat(saved).isReproducedBy(unsaved);
        assertThatThrownBy(() -> assertThat(saved).isReproducedBy(otherSeed.report()))
                .hasMessageContaining("(timings and latency aside), but ")
                .hasMessageContaining("field(s) differ:\n  $.accuracy.").hasMessageContaining(" in the first, ")
                .hasMessageContaining(" more");
    }

    @Test
    void aRunInMemoryIsCheckedWithoutFiles() {
        PruneResultAssertions.assertThat(again).allCertificatesHold().theorem4Holds();
        assertThatThrownBy(() -> PruneResultAssertions.assertThat(again).flopsFractionAtMost(0.0))
                .hasMessageContaining("FLOPs fraction");
    }

    @Test
    void theTestFactoryMakesOnePassingOrFailingTestPerReport() throws Throwable {
        Path root = Files.createDirectories(tmp.resolve("reports"));
        copy(good, root.resolve("a"));
        edit(root.resolve("b"), r -> ((ObjectNode) r.get("size")).put("flopsAfter", 1));

        List<DynamicTest> tests = ReportTests.verifyAll(root).toList();

        org.assertj.core.api.Assertions.assertThat(tests).extracting(DynamicTest::getDisplayName)
                .containsExactly("half.recipe on " + TinyRuns.MODEL + " (a)", "half.recipe on " + TinyRuns.MODEL + " (b)");
        tests.get(0).getExecutable().execute();
        assertThatThrownBy(() -> tests.get(1).getExecutable().execute()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not verify").hasMessageContaining("$.size.flopsAfter: recorded 1");
    }

    @Test
    void aDirectoryWithoutReportsGivesAFailingTest() {
        Stream<DynamicTest> tests = ReportTests.verifyAll(tmp);

        assertThatThrownBy(() -> tests.findFirst().orElseThrow().getExecutable().execute())
                .hasMessageContaining("nothing was verified");
    }

    private Path edit(String name, Consumer<ObjectNode> change) throws IOException {
        return edit(tmp.resolve(name), change);
    }

    private static Path edit(Path dir, Consumer<ObjectNode> change) throws IOException {
        copy(good, dir);
        Path file = dir.resolve("report.json");
        ObjectNode report = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(report);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
