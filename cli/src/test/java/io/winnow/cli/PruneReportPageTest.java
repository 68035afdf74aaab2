package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import io.winnow.proofs.report.RunReport;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import org.junit.jupiter.api.Assumptions;
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
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** report.html of {@code winnow prune}: written with the model, one self-contained file, and saying what report.json says. */
class PruneReportPageTest {

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
    void thePageIsOneFileThatNamesNoOtherFile() throws IOException {
        List<String> top;
        try (Stream<Path> files = Files.list(out)) {
            top = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
        assertThat(top).containsExactlyInAnyOrder("saved_model.pb", "variables", "assets", "report.json", "report.html");
        assertThat(html).doesNotContain("src=", "<img", "<script").doesNotContainPattern("href=\"[^#]")
                .doesNotContainPattern("url\\([^#]");
        // the only addresses are the SVG namespaces, which name a vocabulary and are never fetched
        assertThat(html.replaceAll("xmlns(:\\w+)?=\"http://www\\.w3\\.org/[^\"]*\"", ""))
                .doesNotContain("http://", "https://");
    }

    @Test
    void everyChartIsAnInlineSvgInItsFigure() {
        // one loss plot per layer (fc1, fc2), the contraction plot and two Theorem 4 plots
        List<String> ids = List.of("chart-loss-1-fc1", "chart-loss-2-fc2", "chart-contraction", "chart-theorem4-tightness",
                "chart-theorem4-scatter");
        for (String id : ids) {
            assertThat(html).containsPattern(Pattern.compile("<figure id=\"" + id + "\"><svg[^>]*viewBox=\"[^\"]+\""
                    + "[\\s\\S]*?</svg><figcaption>"));
        }
        assertThat(Pattern.compile("<svg[\\s>]").matcher(html).results().count()).isEqualTo(ids.size());
        assertThat(Pattern.compile("</svg>").matcher(html).results().count()).isEqualTo(ids.size());
    }

    @Test
    void everyReferenceInsideTheChartsNamesAnIdOfThePageAndNoIdIsUsedTwice() {
        List<String> ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(html).results().map(r -> r.group(1)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        List<String> referenced = Pattern.compile("(?:url\\(#|href=\"#)([^)\"]+)").matcher(html).results()
                .map(r -> r.group(1)).toList();
        assertThat(referenced).isNotEmpty();
        assertThat(ids).containsAll(referenced);
    }

    @Test
    void theSummaryComesFirstThenTheLayersThenTheTheory() {
        assertThat(html).containsSubsequence("<h2>Summary</h2>", "<h2>Layers</h2>", "<h2>Run</h2>", "<h2>Checks</h2>",
                "<h2>Selection per layer</h2>", "<h2>Theorem 4: the whole network</h2>");
    }

    @Test
    void theSummaryGivesSizeWithThousandsSeparatorsAndTheRatioAsTheCliPrintsIt() {
        PruneReport.Size size = json.size();
        assertThat(html).contains(row("params", String.format(Locale.ROOT, "%,d", size.paramsBefore()),
                String.format(Locale.ROOT, "%,d", size.paramsAfter()),
                String.format(Locale.ROOT, "%.1f%%", 100.0 * size.paramsAfter() / size.paramsBefore())));
        assertThat(html).contains(row("FLOPs per sample", String.format(Locale.ROOT, "%,d", size.flopsBefore()),
                String.format(Locale.ROOT, "%,d", size.flopsAfter()),
                String.format(Locale.ROOT, "%.1f%%", 100.0 * size.flopsAfter() / size.flopsBefore())));
        assertThat(size.paramsBefore()).as("the separators are exercised").isGreaterThan(999);
    }

    @Test
    void theSummaryGivesTheModelFileSizeOfTheFilesOnDisk() throws IOException {
        long pruned;
        try (Stream<Path> files = Files.walk(out)) {
            pruned = files.filter(Files::isRegularFile)
                    .filter(p -> PruneReport.Digests.covers(out.relativize(p).toString().replace('\\', '/')))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(json.digests().prunedModelBytes()).contains(pruned);
        long original = json.model().bytes().orElseThrow();
        assertThat(html).containsPattern("<tr><td>model file size</td><td class=\"num\">[0-9.,]+\u00a0KiB</td>"
                + "<td class=\"num\">[0-9.,]+\u00a0KiB</td><td class=\"num\">"
                + Pattern.quote(String.format(Locale.ROOT, "%.1f%%", 100.0 * pruned / original)) + "</td></tr>");
    }

    @Test
    void theSummaryGivesAccuracyAsAPercentageAndTheDropInPoints() {
        PruneReport.Accuracy accuracy = json.accuracy();
        assertThat(accuracy.afterFinetune()).isPresent();
        List<PruneReport.Evaluation> evaluations = List.of(accuracy.original(), accuracy.afterSelection(),
                accuracy.afterFinetune().get());
        List<String> stages = List.of("original", "after selection", "after finetune");
        double original = accuracy.original().accuracy();
        for (int i = 0; i < stages.size(); i++) {
            PruneReport.Evaluation e = evaluations.get(i);
            String change = i == 0 ? "-" : String.format(Locale.ROOT, "%+.2f\u00a0points", 100 * (e.accuracy() - original));
            assertThat(html).contains(row(stages.get(i), String.format(Locale.ROOT, "%.2f%%", 100 * e.accuracy()))
                    .replace("</tr>", "") + "<td class=\"num\">" + change.replace("-0.00", "+0.00") + "</td><td class=\"num\">"
                    + String.format(Locale.ROOT, "%.4f", e.loss()) + "</td></tr>");
        }
        // The split and its size, the same for every row, are said once under the table (four columns fit a phone).
        assertThat(html).contains("on the test split, " + String.format(Locale.ROOT, "%,d", accuracy.original().samples())
                + " samples, for every row");
        assertThat(html).doesNotContain("afterSelection", "afterFinetune");
    }

    @Test
    void theLayerTableGivesEveryLayersWidthParamsAndFlopsAddingUpToTheRecordedTotals() {
        Architecture original = Architectures.mlp(16, 12);
        java.util.Map<String, Integer> after = new java.util.HashMap<>();
        json.size().widths().forEach(w -> after.put(w.layer(), w.after()));
        Architecture pruned = original.withWidths(io.vavr.collection.HashMap.ofAll(after));
        assertThat(pruned.totalParams()).isEqualTo(json.size().paramsAfter());
        for (int i = 0; i < original.layers().size(); i++) {
            var before = original.costs().get(i);
            var now = pruned.costs().get(i);
            if (before.params() == 0) {
                continue;
            }
            String name = before.layer();
            String widthAfter = after.containsKey(name) ? Integer.toString(after.get(name))
                    : Integer.toString(Architecture.widthOf(original.layers().get(i)));
            assertThat(html).contains("<tr><td>" + name + "</td><td>dense</td><td class=\"num\">"
                    + Architecture.widthOf(original.layers().get(i)) + "</td><td class=\"num\">" + widthAfter
                    + "</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", before.params())
                    + "</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", now.params())
                    + "</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", before.flops())
                    + "</td><td class=\"num\">" + String.format(Locale.ROOT, "%,d", now.flops()) + "</td>");
        }
        assertThat(html).contains("<tr><td>total</td><td></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">"
                + String.format(Locale.ROOT, "%,d", json.size().paramsBefore()) + "</td><td class=\"num\">"
                + String.format(Locale.ROOT, "%,d", json.size().paramsAfter()) + "</td><td class=\"num\">"
                + String.format(Locale.ROOT, "%,d", json.size().flopsBefore()) + "</td><td class=\"num\">"
                + String.format(Locale.ROOT, "%,d", json.size().flopsAfter()) + "</td>")
                .doesNotContain("do not add up");
    }

    @Test
    void theRunTableCarriesTheProvenanceOfReportJson() {
        assertThat(html).contains("<td>recipe sha256</td><td class=\"long\">" + json.recipe().hash() + "</td>")
                .contains("<td>seed</td><td>5</td>")
                .contains("<td>data source</td><td>" + json.data().source() + "</td>")
                .contains("<pre>winnow-recipe 1");
    }

    @Test
    void headlessChromiumRendersThePageAtDesktopAndPhoneWidth() throws IOException, InterruptedException {
        Path script = Path.of("..", "tools", "check-report-page.sh").toAbsolutePath().normalize();
        Assumptions.assumeTrue(onPath("chromium"),
                "chromium is not installed (apt-get install -y chromium); tools/check-report-page.sh was not run");
        Path shots = tmp.resolve("screenshots");
        Process run = new ProcessBuilder(script.toString(), out.resolve("report.html").toString(), shots.toString())
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
        for (int width : new int[] {1280, 390}) {
            Path shot = shots.resolve("report-page-" + width + ".png");
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(shot.toFile());
            assertThat(image).as("%s is a PNG", shot).isNotNull();
            assertThat(image.getWidth()).isEqualTo(width);
            assertThat(distinctColours(image)).as("%s shows more than a blank page", shot).isGreaterThan(20);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static long distinctColours(java.awt.image.BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** A table row whose first cell is text and the others numbers. */
    private static String row(String label, String... numbers) {
        StringBuilder row = new StringBuilder("<tr><td>" + label + "</td>");
        for (String n : numbers) {
            row.append("<td class=\"num\">").append(n).append("</td>");
        }
        return row.append("</tr>").toString();
    }

    @Test
    void theChecksTableGivesEveryLayersCertificateAndTheorem4() {
        for (PruneReport.Layer layer : json.layers()) {
            String name = layer.layers().get(0);
            assertThat(html).contains("<td>certificate</td><td>" + name + "</td><td class=\"num\">"
                    + layer.certificate().bounds().orElseThrow().size() + "</td><td class=\"num\">0</td><td>PASS</td>");
        }
        assertThat(html).contains("<td>Theorem 4</td><td>whole network, per calibration sample</td><td class=\"num\">256</td>"
                + "<td class=\"num\">0</td><td>PASS</td>").contains("Bound checks: PASS");
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
                        g.gfsKept())), s.steps(), s.target(), s.deadDropped());
        List<PruneReport.Layer> layers = new ArrayList<>(json.layers());
        layers.set(0, new PruneReport.Layer(first.order(), first.layers(), first.stage(), first.widthBefore(),
                first.widthAfter(), first.kept(), first.multipliers(), java.util.Optional.of(kept), first.imitation(),
                first.bestOf(), first.budget(), first.certificate()));
        String page = new String(RunReport.html(json.withLayers(layers)), StandardCharsets.UTF_8);
        assertThat(page).contains("<td class=\"num\">0.01230 (GFS set)</td>");
        assertThat(html.contains("(GFS set)</td>")).isEqualTo(anyGfs);
    }
}
