package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import io.winnow.proofs.report.RunReport;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** report.html of {@code winnow prune}: written with the model, self-contained, and saying what report.json says. */
class PruneReportPageTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path tmp;

    private static Path out;
    private static String html;
    private static PruneReport json;

    @BeforeAll
    static void pruneASmallModel() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = tmp.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path recipe = Files.writeString(tmp.resolve("r.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).finetune(1).seed(5)\n");
        out = tmp.resolve("pruned");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "prune", recipe.toString(), "--model", model.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(exit).as(stderr.toString()).isZero();
        html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        json = ReportCodec.read(out.resolve("report.json"));
    }

    @Test
    void theHtmlNamesOnlyFilesThatExistAndEveryPlotIsNamed() throws IOException {
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).isNotEmpty().allSatisfy(f -> assertThat(out.resolve(f)).isRegularFile());
        List<String> pngs;
        try (Stream<Path> files = Files.list(out)) {
            pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).toList();
        }
        // one loss plot per layer (fc1, fc2), the contraction plot and two Theorem 4 plots
        assertThat(pngs).hasSize(5).allSatisfy(p -> assertThat(p).startsWith("report-"));
        assertThat(named).containsExactlyInAnyOrderElementsOf(pngs);
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void everyPlotIsAPng() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                byte[] bytes = Files.readAllBytes(png);
                assertThat(bytes.length).as("%s", png).isGreaterThan(1000);
                assertThat(Arrays.copyOf(bytes, 8)).as("%s", png).isEqualTo(PNG_MAGIC);
            }
        }
    }

    @Test
    void theTablesCarryTheNumbersOfReportJson() {
        for (PruneReport.Width w : json.size().widths()) {
            assertThat(html).contains("<td>width " + w.layer() + "</td><td>" + w.before() + "</td><td>" + w.after()
                    + "</td>");
        }
        assertThat(html).contains("<td>params</td><td>" + json.size().paramsBefore() + "</td><td>"
                + json.size().paramsAfter() + "</td>");
        assertThat(html).contains("<td>FLOPs per sample</td><td>" + json.size().flopsBefore() + "</td><td>"
                + json.size().flopsAfter() + "</td>");
        PruneReport.Accuracy accuracy = json.accuracy();
        assertThat(accuracy.afterFinetune()).isPresent();
        List<PruneReport.Evaluation> evaluations = List.of(accuracy.original(), accuracy.afterSelection(),
                accuracy.afterFinetune().get());
        List<String> stages = List.of("original", "afterSelection", "afterFinetune");
        for (int i = 0; i < stages.size(); i++) {
            PruneReport.Evaluation e = evaluations.get(i);
            assertThat(html).contains("<td>" + stages.get(i) + "</td><td>test</td><td>" + e.samples() + "</td><td>"
                    + String.format(Locale.ROOT, "%.4f", e.loss()) + "</td><td>"
                    + String.format(Locale.ROOT, "%.4f", e.accuracy()) + "</td>");
        }
        assertThat(html).contains("<td>recipe sha256</td><td>" + json.recipe().hash() + "</td>")
                .contains("<td>seed</td><td>5</td>")
                .contains("<td>data source</td><td>" + json.data().source() + "</td>")
                .contains("<pre>winnow-recipe 1");
    }

    @Test
    void theChecksTableGivesEveryLayersCertificateAndTheorem4() {
        for (PruneReport.Layer layer : json.layers()) {
            String name = layer.layers().get(0);
            assertThat(html).contains("<td>certificate</td><td>" + name + "</td><td>"
                    + layer.certificate().bounds().orElseThrow().size() + "</td><td>0</td><td>PASS</td>");
        }
        assertThat(html).contains("<td>Theorem 4</td><td>whole network, per calibration sample</td><td>256</td><td>0</td><td>PASS</td>")
                .contains("Overall: PASS");
    }

    @Test
    void theLayerTableGivesTheLossOfTheKeptWeightsAndMarksAKeptGfsSet() throws IOException {
        boolean anyGfs = false;
        for (PruneReport.Layer layer : json.layers()) {
            PruneReport.Selection sel = layer.selection().orElseThrow();
            assertThat(sel.gfsComparison()).isPresent();
            PruneReport.GfsComparison gfs = sel.gfsComparison().get();
            anyGfs |= gfs.gfsFaceKept();
            assertThat(sel.finalLoss()).isEqualTo(gfs.gfsFaceKept() ? gfs.gfsFaceLoss() : gfs.pathLoss());
        }
        // The same report with the first layer's GFS face marked kept, as a run that kept it writes it.
        PruneReport.Layer first = json.layers().get(0);
        PruneReport.Selection s = first.selection().get();
        PruneReport.GfsComparison g = s.gfsComparison().get();
        PruneReport.Selection kept = new PruneReport.Selection(s.rule(), s.width(), s.dimension(), s.start(),
                s.emptyLoss(), s.lossScale(), s.initialLoss(), 0.0123, s.stopped(), s.polished(),
                java.util.Optional.of(new PruneReport.GfsComparison(g.pathLoss(), g.gfsLoss(), g.gfsFaceLoss(), true,
                        g.gfsKept())), s.steps(), s.target());
        List<PruneReport.Layer> layers = new ArrayList<>(json.layers());
        layers.set(0, new PruneReport.Layer(first.order(), first.layers(), first.stage(), first.widthBefore(),
                first.widthAfter(), first.kept(), first.multipliers(), java.util.Optional.of(kept), first.imitation(),
                first.bestOf(), first.budget(), first.certificate()));
        String page = new String(RunReport.files(json.withLayers(layers)).get(RunReport.HTML), StandardCharsets.UTF_8);
        assertThat(page).contains("<td>0.01230 (GFS set)</td>");
        assertThat(html.contains("(GFS set)</td>")).isEqualTo(anyGfs);
    }
}
