package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.report.FileDigests;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.WeightsDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** report.json as {@code winnow prune} writes it: read back by the one codec, with the run's provenance and digests. */
class PruneReportFileTest {

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path recipe;
    private static Path out;

    @BeforeAll
    static void pruneASmallModel() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        model = tmp.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        recipe = Files.writeString(tmp.resolve("r.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(128).finetune(1).seed(5)\n");
        out = prune("pruned");
    }

    private static Path prune(String name) {
        Path to = tmp.resolve(name);
        StringWriter stderr = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true),
                "prune", recipe.toString(), "--model", model.toString(), "--data", "embedded", "--out", to.toString());
        assertThat(exit).as(stderr.toString()).isZero();
        return to;
    }

    @Test
    void theReportReadsBackAndWritesToTheSameText() throws IOException {
        String text = Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8);
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        assertThat(ReportCodec.write(report)).isEqualTo(text);
        assertThat(report.format()).isEqualTo(PruneReport.FORMAT);
    }

    @Test
    void theReportRecordsTheOriginalModelAsItWasRead() throws IOException {
        PruneReport.ModelSource source = ReportCodec.read(out.resolve("report.json")).model();
        assertThat(source.source()).isEqualTo(model.toString());
        assertThat(source.architecture()).isEqualTo(Files.readString(model.resolve(ModelStore.ARCHITECTURE)));
        assertThat(source.files()).isEqualTo(FileDigests.of(model, f -> true))
                .containsKeys("saved_model.pb", ModelStore.ARCHITECTURE);
    }

    @Test
    void thePrunedModelDigestsCoverEveryModelFileInOutAndNothingElse() throws IOException {
        PruneReport.Digests digests = ReportCodec.read(out.resolve("report.json")).digests();
        assertThat(digests.prunedModel()).isEqualTo(FileDigests.of(out, PruneReport.Digests::covers))
                .containsKeys("saved_model.pb", ModelStore.ARCHITECTURE)
                .doesNotContainKeys("report.json", "report.html")
                .allSatisfy((file, digest) -> assertThat(file).doesNotStartWith("report-").doesNotStartWith("."));
        assertThat(digests.prunedModel().keySet()).anyMatch(f -> f.startsWith("variables/"));
    }

    @Test
    void theSelectedWeightsDigestIsOfTheWeightsBeforeTheFinetune() {
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        assertThat(report.accuracy().afterFinetune()).isPresent();
        Architecture pruned = ModelStore.readArchitecture(out);
        assertThat(report.digests().selectedWeights()).hasSize(64)
                .isNotEqualTo(WeightsDigest.of(pruned, ModelStore.readWeights(out, pruned)));
    }

    @Test
    void twoPrunesOfTheSameRecipeModelDataAndSeedGiveTheSameReportApartFromTimingsAndLatency() {
        PruneReport first = ReportCodec.read(out.resolve("report.json"));
        PruneReport second = ReportCodec.read(prune("again").resolve("report.json"));
        assertThat(first.latency()).isPresent();
        assertThat(second.latency()).isPresent();
        PruneReport.Timings none = new PruneReport.Timings(0, 0, 0, 0, 0);
        PruneReport.Latency measured = first.latency().get(); // a measurement of the machine, like the timings
        assertThat(second.withTimings(none).withLatency(measured)).isEqualTo(first.withTimings(none).withLatency(measured));
    }
}
