package io.winnow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.model.ModelWeights;
import io.winnow.tf.prune.PruneReport;
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
    private static JsonNode json;

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
        json = PruneReport.mapper().readTree(Files.readString(out.resolve("report.json")));
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
        for (JsonNode w : json.at("/size/widths")) {
            assertThat(html).contains("<td>width " + w.get("layer").asText() + "</td><td>" + w.get("before").asInt()
                    + "</td><td>" + w.get("after").asInt() + "</td>");
        }
        assertThat(html).contains("<td>params</td><td>" + json.at("/size/paramsBefore").asLong() + "</td><td>"
                + json.at("/size/paramsAfter").asLong() + "</td>");
        assertThat(html).contains("<td>FLOPs per sample</td><td>" + json.at("/size/flopsBefore").asLong() + "</td><td>"
                + json.at("/size/flopsAfter").asLong() + "</td>");
        for (String stage : List.of("original", "afterSelection", "afterFinetune")) {
            JsonNode e = json.at("/accuracy/" + stage);
            assertThat(e.isMissingNode()).as(stage).isFalse();
            assertThat(html).contains("<td>" + stage + "</td><td>test</td><td>" + e.get("samples").asInt() + "</td><td>"
                    + String.format(Locale.ROOT, "%.4f", e.get("loss").asDouble()) + "</td><td>"
                    + String.format(Locale.ROOT, "%.4f", e.get("accuracy").asDouble()) + "</td>");
        }
        assertThat(html).contains("<td>recipe sha256</td><td>" + json.at("/recipe/hash").asText() + "</td>")
                .contains("<td>seed</td><td>5</td>")
                .contains("<td>data source</td><td>" + json.at("/data/source").asText() + "</td>")
                .contains("<pre>winnow-recipe 1");
    }

    @Test
    void theChecksTableGivesEveryLayersCertificateAndTheorem4() {
        for (JsonNode layer : json.get("layers")) {
            String name = layer.at("/layers/0").asText();
            assertThat(html).contains("<td>certificate</td><td>" + name + "</td><td>" + layer.at("/certificate/bounds").size()
                    + "</td><td>0</td><td>PASS</td>");
        }
        assertThat(html).contains("<td>Theorem 4</td><td>whole network, per calibration sample</td><td>256</td><td>0</td><td>PASS</td>")
                .contains("Overall: PASS");
    }

    @Test
    void theLayerTableGivesTheLossOfTheKeptWeightsAndMarksAKeptGfsSet() throws IOException {
        boolean anyGfs = false;
        for (JsonNode layer : json.get("layers")) {
            JsonNode sel = layer.get("selection");
            assertThat(sel.at("/gfsComparison/pathLoss").isNumber()).isTrue();
            anyGfs |= sel.at("/gfsComparison/gfsFaceKept").asBoolean();
            boolean gfs = sel.at("/gfsComparison/gfsFaceKept").asBoolean();
            assertThat(sel.get("finalLoss").asDouble()).isEqualTo(gfs ? sel.at("/gfsComparison/gfsFaceLoss").asDouble()
                    : sel.at("/gfsComparison/pathLoss").asDouble());
        }
        // The same report with the first layer's GFS face marked kept, as a run that kept it writes it.
        com.fasterxml.jackson.databind.node.ObjectNode edited = json.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode sel =
                (com.fasterxml.jackson.databind.node.ObjectNode) edited.get("layers").get(0).get("selection");
        ((com.fasterxml.jackson.databind.node.ObjectNode) sel.get("gfsComparison")).put("gfsFaceKept", true);
        sel.put("finalLoss", 0.0123);
        String page = new String(io.winnow.proofs.report.RunReport.files(edited).get(io.winnow.proofs.report.RunReport.HTML),
                StandardCharsets.UTF_8);
        assertThat(page).contains("<td>0.01230 (GFS set)</td>");
        assertThat(html.contains("(GFS set)</td>")).isEqualTo(anyGfs);
    }
}
