package io.winnow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportCodecTest {

    static PruneReport sample() {
        var steps = List.of(
                new PruneReport.Step(1, 2, 0.5, 1.0, 0.4, Optional.of(0.9), Optional.of(2.0), false, false, Optional.empty(), 2),
                new PruneReport.Step(2, 0, 0.25, 0.4, 0.3, Optional.empty(), Optional.empty(), false, true,
                        Optional.of(new PruneReport.Face(List.of(1, 2), List.of(0.5, 0.5))), 2));
        var selection = new PruneReport.Selection("optimizeGamma", 4, 8, Optional.of(1), 2.0, 1.0, 1.0, 0.3,
                "COUNT", "CONVERGED", Optional.empty(), steps, "sameInput", List.of(0));
        var layer = new PruneReport.Layer(0, List.of("fc1"), "localImitation().optimizeGamma().select(2)", 4, 2,
                List.of(1, 2), List.of(2.0, 2.0), Optional.of(selection), "local", Optional.empty(), Optional.empty(),
                PruneReport.Certificate.of(true, 1.0, 0.3, 0.5, List.of(0.5, 0.5), List.of("HOLDS", "NOT_CHECKED"),
                        List.of()));
        var eval = new PruneReport.Evaluation("test", 10, 0.5, 0.8);
        var theorem4 = new PruneReport.Theorem4("the selected network", 2, true, 1e-4, 1e-6, 0.1, 0.5,
                List.of(new PruneReport.Block("fc1", 1.5, true, 0.1)),
                new PruneReport.Tightness(0.1, 0.2, 0.3, List.of(1, 1)), 0, List.of(), List.of(0.1, 0.2),
                List.of(0.5, 0.6), List.of(3.0, 4.0), List.of(1e-6, 1e-6));
        return new PruneReport(PruneReport.FORMAT, new PruneReport.RecipeSource("r.recipe", "ab", "text"), 7,
                new PruneReport.DataSource("embedded", 100, 20, 10, Optional.of(List.of("cat", "dog")),
                        Optional.of(new PruneReport.Normalisation(List.of(0.5), List.of(0.25, 0.5, 1.0)))),
                new PruneReport.ModelSource("models/m", "{}", Map.of("saved_model.pb", "00", "a/b", "11"),
                        Optional.of(4096L)),
                new PruneReport.Size(100, 50, 1000, 400, 0.4, List.of(new PruneReport.Width("fc1", 4, 2))),
                List.of(layer), new PruneReport.Accuracy(eval, eval, Optional.empty()), theorem4,
                new PruneReport.Digests(Map.of("saved_model.pb", "ff"), "ee", Optional.of(2048L)),
                new PruneReport.Timings(1, 2, 3, 4, 10), Optional.empty());
    }

    @Test
    void aReportReadsBackEqualToWhatWasWritten() {
        PruneReport report = sample();
        String text = ReportCodec.write(report);
        assertThat(ReportCodec.read(text, "r.json")).isEqualTo(report);
        assertThat(ReportCodec.write(ReportCodec.read(text, "r.json"))).isEqualTo(text);
    }

    @Test
    void theRecordedDataArgumentReadsBackAndAReportWithoutItStillReads() {
        PruneReport without = sample();
        var d = without.data();
        PruneReport with = new PruneReport(without.format(), without.recipe(), without.seed(),
                new PruneReport.DataSource(d.source(), d.train(), d.calibration(), d.test(), d.classes(), d.normalisation(),
                        d.calibrationData(), Optional.of("/data/images")), without.model(), without.size(), without.layers(),
                without.accuracy(), without.theorem4(), without.digests(), without.timings(), without.latency());
        String text = ReportCodec.write(with);
        assertThat(text).contains("\"argument\" : \"/data/images\"");
        assertThat(ReportCodec.read(text, "r.json")).isEqualTo(with);
        assertThat(ReportCodec.write(without)).doesNotContain("\"argument\"");
        assertThat(ReportCodec.read(ReportCodec.write(without), "r.json").data().argument()).isEmpty();
    }

    @Test
    void aMeasuredLatencyReadsBackAndANegativeOneIsRefused() {
        PruneReport report = sample().withLatency(new PruneReport.Latency("TensorFlow Java 1.1.0 CPU", 2, 15,
                new PruneReport.LatencyPoint(0.75, 31.5), new PruneReport.LatencyPoint(0.49, 9.25)));
        String text = ReportCodec.write(report);
        assertThat(text).contains("\"latency\"", "\"batch256Ms\" : 9.25");
        assertThat(ReportCodec.read(text, "r.json")).isEqualTo(report);
        assertThat(ReportCodec.read(ReportCodec.write(sample()), "r.json").latency()).isEmpty();
    }

    @Test
    void absentOptionalFieldsAreLeftOutAndMapsAreSortedSoTheTextIsDeterministic() {
        String text = ReportCodec.write(sample());
        assertThat(text).doesNotContain("afterFinetune").doesNotContain("null")
                .containsSubsequence("\"a/b\"", "\"saved_model.pb\"");
    }

    @Test
    void aReportWithoutClassesAndNormalisationStillReads() {
        String text = ReportCodec.write(sample()).replaceAll(",\\s*\"classes\"[^\\]]*\\]", "")
                .replaceAll(",\\s*\"normalisation\"[^}]*}", "");
        assertThat(text).doesNotContain("classes").doesNotContain("normalisation");
        PruneReport read = ReportCodec.read(text, "old.json");
        assertThat(read.data().classes()).isEmpty();
        assertThat(read.data().normalisation()).isEmpty();
        assertThat(read.data().train()).isEqualTo(100);
    }

    @Test
    void aReportWithoutModelFileSizesStillReads() {
        String text = ReportCodec.write(sample()).replaceAll(",\\s*\"bytes\" : 4096", "")
                .replaceAll(",\\s*\"prunedModelBytes\" : 2048", "");
        assertThat(text).doesNotContain("bytes").doesNotContain("Bytes");
        PruneReport read = ReportCodec.read(text, "old.json");
        assertThat(read.model().bytes()).isEmpty();
        assertThat(read.digests().prunedModelBytes()).isEmpty();
        assertThat(read.digests().selectedWeights()).isEqualTo("ee");
    }

    @Test
    void anUnknownFieldIsRejectedWithItsPath() {
        String text = ReportCodec.write(sample()).replace("\"stage\"", "\"extra\": 1, \"stage\"");
        assertThatThrownBy(() -> ReportCodec.read(text, "r.json")).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("r.json: $.layers[0].extra: unknown field");
    }

    @Test
    void aMissingFieldIsRejectedWithItsPath() {
        String text = ReportCodec.write(sample()).replace("\"lossBefore\" : 0.4,", "");
        assertThatThrownBy(() -> ReportCodec.read(text, "r.json"))
                .hasMessageContaining("$.layers[0].selection.steps[1].lossBefore: missing; expected a number");
    }

    @Test
    void nullIsRejectedEvenWhereTheFieldIsOptional() {
        String text = ReportCodec.write(sample()).replace("\"start\" : 1", "\"start\" : null");
        assertThatThrownBy(() -> ReportCodec.read(text, "r.json"))
                .hasMessageContaining("$.layers[0].selection.start: null is not allowed");
    }

    @Test
    void nonFiniteAndMistypedNumbersAreRejected() {
        String huge = ReportCodec.write(sample()).replace("\"gamma\" : 0.5", "\"gamma\" : 1e999");
        assertThatThrownBy(() -> ReportCodec.read(huge, "r.json"))
                .hasMessageContaining("$.layers[0].selection.steps[0].gamma: ").hasMessageContaining("not a finite number");
        String quoted = ReportCodec.write(sample()).replace("\"seed\" : 7", "\"seed\" : \"7\"");
        assertThatThrownBy(() -> ReportCodec.read(quoted, "r.json")).hasMessageContaining("$.seed: expected an integer");
        String fraction = ReportCodec.write(sample()).replace("\"widthAfter\" : 2", "\"widthAfter\" : 2.5");
        assertThatThrownBy(() -> ReportCodec.read(fraction, "r.json"))
                .hasMessageContaining("$.layers[0].widthAfter: expected an integer");
    }

    @Test
    void aDuplicateKeyOrTrailingTextIsNotJson() {
        String duplicate = ReportCodec.write(sample()).replace("\"seed\" : 7", "\"seed\" : 7, \"seed\" : 8");
        assertThatThrownBy(() -> ReportCodec.read(duplicate, "r.json")).hasMessageContaining("r.json: not JSON");
    }

    @Test
    void anotherDocumentOrVersionIsNamedAsSuch() {
        assertThatThrownBy(() -> ReportCodec.read("{\"a\": 1}", "x.json"))
                .hasMessage("x.json: not a Winnow pruning report (expected \"format\": \"winnow-report/3\")");
        assertThatThrownBy(() -> ReportCodec.read("{\"format\": \"winnow-report/1\"}", "x.json"))
                .hasMessageContaining("another version of the report");
        assertThatThrownBy(() -> ReportCodec.read("not json", "x.json")).hasMessageStartingWith("x.json: not JSON")
                .hasMessageNotContaining("StreamReadFeature");
    }

    @Test
    void aReportThatCouldNotBeReadBackIsNeverWritten() {
        PruneReport report = sample();
        var bad = new PruneReport(report.format(), report.recipe(), report.seed(), report.data(), report.model(),
                new PruneReport.Size(100, 50, 1000, 400, Double.NaN, List.of()), report.layers(), report.accuracy(),
                report.theorem4(), report.digests(), report.timings(), Optional.empty());
        assertThatThrownBy(() -> ReportCodec.write(bad)).hasMessageContaining("$.size.flopsFraction");
    }

    @Test
    void theSchemaClosesEveryObjectAndRequiresExactlyTheNonOptionalFields() {
        String schema = ReportCodec.schema();
        assertThat(schema).contains("\"const\" : \"winnow-report/3\"").contains("\"additionalProperties\" : false")
                .contains("\"const\" : \"accuracyDrop\"");
    }

    @Test
    void thePrunedModelDigestsCoverTheModelsFilesButNotTheReportsOrDotFiles() {
        assertThat(PruneReport.Digests.covers("saved_model.pb")).isTrue();
        assertThat(PruneReport.Digests.covers("variables/variables.index")).isTrue();
        assertThat(PruneReport.Digests.covers("assets/architecture.json")).isTrue();
        assertThat(PruneReport.Digests.covers("assets/report-1.png")).isTrue();
        assertThat(PruneReport.Digests.covers("report.json")).isFalse();
        assertThat(PruneReport.Digests.covers("report.html")).isFalse();
        assertThat(PruneReport.Digests.covers("report-loss-1-fc1.png")).isFalse();
        assertThat(PruneReport.Digests.covers(".winnow-output")).isFalse();
        assertThat(PruneReport.Digests.covers("variables/.hidden")).isFalse();
    }
}
