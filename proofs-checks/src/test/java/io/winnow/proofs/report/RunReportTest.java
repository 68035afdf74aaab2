package io.winnow.proofs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.HashMap;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.LayerCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prune report page's numbers and layout, without a pruning run (PruneReportPageTest in cli has one). */
class RunReportTest {

    @Test
    void numbersAreFormattedAsTheCliPrintsThemWithThousandsSeparators() {
        assertThat(RunReport.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(RunReport.count(999)).isEqualTo("999");
        assertThat(RunReport.percent(6404, 12894)).isEqualTo("49.7%");
        assertThat(RunReport.percent(1, 0)).isEqualTo("-");
        assertThat(RunReport.accuracyPercent(0.97254)).isEqualTo("97.25%");
        assertThat(RunReport.points(0.9605 - 0.9730)).isEqualTo("-1.25\u00a0points");
        assertThat(RunReport.points(0.001)).isEqualTo("+0.10\u00a0points");
        assertThat(RunReport.points(-1e-9)).isEqualTo("+0.00\u00a0points");
        assertThat(RunReport.bytes(512)).isEqualTo("512\u00a0bytes");
        assertThat(RunReport.bytes(56_934)).isEqualTo("55.6\u00a0KiB");
        assertThat(RunReport.bytes(5L << 30)).isEqualTo("5,120.00\u00a0MiB");
    }

    @Test
    void theLayerTableAddsUpToTheArchitecturesTotalsAndShowsBatchNorm() {
        Architecture original = Architectures.cnn(32, 64, 256);
        Architecture pruned = original.withWidths(HashMap.of("conv1", 16, "conv2", 40, "fc1", 100));
        List<List<String>> rows = LayerTable.rows(original, pruned);
        // conv1, bn1, conv2, bn2, fc1, logits, total; conv1 is 5x5 SAME on 28x28x1: 5*5*32 = 800 weights at 784 positions
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("conv1", "bn1", "conv2", "bn2", "fc1", "logits", "total");
        assertThat(rows.get(0)).containsExactly("conv1", "conv2d", "32", "16", "832", "416", "627,200", "313,600", "50.0%");
        assertThat(rows.get(1)).containsExactly("bn1", "batchnorm", "-", "-", "128", "64", "0", "0", "-");
        long params = 0;
        for (LayerCost c : pruned.costs()) {
            params += c.params();
        }
        assertThat(rows.get(rows.size() - 1).get(5)).isEqualTo(RunReport.count(params)).isEqualTo(
                RunReport.count(pruned.totalParams()));
        assertThat(rows.get(rows.size() - 1).get(7)).isEqualTo(RunReport.count(pruned.totalFlops()));
    }

    @Test
    void numberColumnsAreRightAlignedAndTextColumnsLeftAligned() {
        ReportDocument doc = ReportDocument.aligned();
        doc.table(List.of("layer", "kind", "params", "change"), List.of(
                List.of("conv1", "conv2d", "1,234", "-1.25\u00a0points"),
                List.of("total", "", "5,678", "-")));
        String html = doc.toHtml("t");
        assertThat(html).contains("<tr><th>layer</th><th>kind</th><th class=\"num\">params</th><th class=\"num\">change</th></tr>")
                .contains("<tr><td>conv1</td><td>conv2d</td><td class=\"num\">1,234</td><td class=\"num\">-1.25\u00a0points</td></tr>")
                .contains("<tr><td>total</td><td></td><td class=\"num\">5,678</td><td class=\"num\">-</td></tr>");
    }

    @Test
    void onlyACellWithAWordTooLongForAPhoneMayBreakInsideAWord() {
        ReportDocument doc = ReportDocument.aligned();
        String hash = "ed2ce24c7b9b7c965ac6c5d1278058345fd65553f01dd420fd463ca36dbdba14";
        doc.table(List.of("setting", "value"), List.of(
                List.of("recipe sha256", hash),
                List.of("after selection", "batchnorm"),
                List.of("stage", "globalImitation/optimizeGamma"),
                List.of("model", "models/" + "x".repeat(ReportDocument.LONG_WORD - 7)),
                List.of("path", "models/" + "x".repeat(ReportDocument.LONG_WORD - 6))));
        String html = doc.toHtml("t");
        assertThat(html).contains("<tr><td>recipe sha256</td><td class=\"long\">" + hash + "</td></tr>")
                .contains("<tr><td>after selection</td><td>batchnorm</td></tr>")
                .contains("<tr><td>stage</td><td>globalImitation/optimizeGamma</td></tr>")
                .contains("<td>models/" + "x".repeat(ReportDocument.LONG_WORD - 7) + "</td>")
                .contains("<td class=\"long\">models/" + "x".repeat(ReportDocument.LONG_WORD - 6) + "</td>")
                .contains(".long{overflow-wrap:anywhere}")
                .doesNotContain("td{overflow-wrap:anywhere}");
    }

    @Test
    void aColumnOfOnlyDashesIsText() {
        ReportDocument doc = ReportDocument.aligned();
        doc.table(List.of("a", "b"), List.of(List.of("x", "-"), List.of("y", "-")));
        assertThat(doc.toHtml("t")).contains("<tr><th>a</th><th>b</th></tr>");
    }

    @Test
    void proveKeepsItsLayoutFirstColumnLeftAndTheRestRight() {
        ReportDocument doc = new ReportDocument();
        doc.table(List.of("check", "runs"), List.of(List.of("Lemma 3", "12")));
        assertThat(doc.toHtml("t")).contains("<tr><td>Lemma 3</td><td>12</td></tr>")
                .contains("td:first-child,th:first-child{text-align:left}");
    }

    @Test
    void anSvgChartIsInlineWithAViewBoxAndItsIdsPrefixed() throws Exception {
        String svg = Charts.svg(Charts.layerPath("fc1", new double[] {4, 2, 1, 0.5}, new double[] {4, 3, 2, 1},
                new boolean[] {false, false, false, true}, 1e-9), "chart-x");
        assertThat(svg).startsWith("<svg").endsWith("</svg>").doesNotContain("<?xml", "<!DOCTYPE");
        assertThat(svg.substring(0, svg.indexOf('>'))).contains("viewBox=");
        assertThat(svg).contains("url(#chart-x-").doesNotContainPattern(" id=\"(?!chart-x-)");
        // measured blue, the certificate red, polish steps green: one colour per quantity on every chart
        assertThat(svg).containsIgnoringCase("rgb(31,119,180)").containsIgnoringCase("rgb(214,39,40)")
                .containsIgnoringCase("rgb(44,160,44)");
    }
}
