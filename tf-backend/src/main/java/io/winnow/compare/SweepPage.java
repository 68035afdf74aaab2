package io.winnow.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import io.winnow.proofs.report.Charts;
import io.winnow.proofs.report.Html;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * compare.html: one self-contained page (plots inline as data URIs) with the table of every
 * recipe and budget (mean and spread over seeds), accuracy against FLOPs before and after
 * finetune, and accuracy against latency.
 */
public final class SweepPage {

    private SweepPage() {
    }

    /** One row of the table: a recipe at a budget, over its seeds. */
    public record Row(String recipe, String budget, int runs, int failed, double flopsFraction, long params,
                      Stat afterSelection, Stat finalAccuracy, double latencyBatch1Ms, double latencyBatch256Ms,
                      double selectionSeconds) {
    }

    /** Mean and population standard deviation. */
    public record Stat(double mean, double sd) {
        static Stat of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0);
            return new Stat(mean, Math.sqrt(var));
        }

        String percent() {
            return Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.2f%% ± %.2f", 100 * mean, 100 * sd);
        }
    }

    public static List<Row> rows(SweepFile file) {
        Map<String, List<SweepPoint>> groups = new LinkedHashMap<>();
        for (SweepPoint p : file.points()) {
            groups.computeIfAbsent(p.recipe() + "\u0000" + p.budget(), k -> new ArrayList<>()).add(p);
        }
        List<Row> rows = new ArrayList<>();
        for (List<SweepPoint> points : groups.values()) {
            List<SweepPoint> ok = points.stream().filter(p -> !p.failed()).toList();
            SweepPoint first = points.get(0);
            rows.add(new Row(first.recipe(), first.budget(), points.size(), points.size() - ok.size(),
                    mean(ok, SweepPoint::flopsFraction), ok.isEmpty() ? 0 : ok.get(0).paramsAfter(),
                    Stat.of(ok.stream().map(SweepPoint::accuracyAfterSelection).toList()),
                    Stat.of(ok.stream().map(SweepPoint::finalAccuracy).toList()),
                    mean(ok, p -> p.latencyPrunedMs()[0]), mean(ok, p -> p.latencyPrunedMs()[1]),
                    mean(ok, SweepPoint::selectionSeconds)));
        }
        return rows;
    }

    private static double mean(List<SweepPoint> points, java.util.function.ToDoubleFunction<SweepPoint> f) {
        return points.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /**
     * The table as text, for the terminal. A row whose points all failed says so instead of numbers; where
     * some failed, "runs" reads "finished/all" and the numbers are over the finished ones.
     */
    public static String table(SweepFile file) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-24s %-12s %5s %7s %10s %18s %18s %10s %11s%n", "recipe", "budget", "runs",
                "FLOPs", "params", "after selection", "final", "batch 1", "batch 256"));
        int failed = 0;
        for (Row r : rows(file)) {
            failed += r.failed();
            String runs = r.failed() == 0 ? String.valueOf(r.runs()) : (r.runs() - r.failed()) + "/" + r.runs();
            if (r.failed() == r.runs()) {
                out.append(String.format(Locale.ROOT, "%-24s %-12s %5s %s%n", r.recipe(), r.budget(), runs,
                        "   failed (compare.json has the error)"));
                continue;
            }
            out.append(String.format(Locale.ROOT, "%-24s %-12s %5s %6.1f%% %,10d %18s %18s %8.3fms %9.2fms%n",
                    r.recipe(), r.budget(), runs, 100 * r.flopsFraction(), r.params(), r.afterSelection().percent(),
                    r.finalAccuracy().percent(), r.latencyBatch1Ms(), r.latencyBatch256Ms()));
        }
        if (failed > 0) {
            out.append(String.format(Locale.ROOT, "%d point%s failed; each error is in compare.json and in the log above%n",
                    failed, failed == 1 ? "" : "s"));
        }
        return out.toString();
    }

    public static byte[] html(SweepFile file) throws IOException {
        List<Row> rows = rows(file);
        StringBuilder h = new StringBuilder();
        h.append(Pages.head("Winnow compare"));
        h.append("<h1>Recipes compared</h1>\n<p>Model ").append(Html.escape(file.model())).append(", data ")
                .append(Html.escape(file.data())).append(". Accuracy is top-1 on the test split, mean ± standard deviation "
                        + "over seeds; latency is the pruned model's median per call.</p>\n");
        h.append("<table><tr><th>recipe</th><th>budget</th><th class=n>runs</th><th class=n>FLOPs</th>"
                + "<th class=n>params</th><th class=n>after selection</th><th class=n>after finetune</th>"
                + "<th class=n>batch 1</th><th class=n>batch 256</th><th class=n>selection</th></tr>\n");
        for (Row r : rows) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td class=n>%d%s</td><td class=n>%.1f%%</td>"
                            + "<td class=n>%,d</td><td class=n>%s</td><td class=n>%s</td><td class=n>%.3f ms</td>"
                            + "<td class=n>%.2f ms</td><td class=n>%.1f s</td></tr>\n", Html.escape(r.recipe()),
                    Html.escape(r.budget()), r.runs(), r.failed() > 0 ? " (" + r.failed() + " failed)" : "",
                    100 * r.flopsFraction(), r.params(), r.afterSelection().percent(), r.finalAccuracy().percent(),
                    r.latencyBatch1Ms(), r.latencyBatch256Ms(), r.selectionSeconds()));
        }
        h.append("</table>\n");
        List<SweepPoint> failed = file.points().stream().filter(SweepPoint::failed).toList();
        if (!failed.isEmpty()) {
            h.append("<h2>Failed points</h2><ul>");
            failed.forEach(p -> h.append("<li>").append(Html.escape(p.recipe() + " " + p.budget() + " seed " + p.seed()
                    + ": " + p.error().orElse(""))).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Accuracy against FLOPs</h2>\n");
        h.append(img(chart("after selection", rows, Row::flopsFraction, Row::afterSelection, "FLOPs kept")));
        h.append(img(chart("final (after finetune where the recipe finetunes)", rows, Row::flopsFraction,
                Row::finalAccuracy, "FLOPs kept")));
        h.append("<h2>Accuracy against latency</h2>\n");
        h.append(img(chart("final accuracy against batch-256 latency", rows, Row::latencyBatch256Ms,
                Row::finalAccuracy, "ms per call of 256 samples")));
        h.append("</body></html>\n");
        return h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static XYChart chart(String title, List<Row> rows, java.util.function.ToDoubleFunction<Row> x,
                                 java.util.function.Function<Row, Stat> y, String xTitle) {
        XYChart chart = Charts.xyChart(title, xTitle, "top-1 accuracy", 900, 420);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        Map<String, List<Row>> byRecipe = rows.stream().filter(r -> !Double.isNaN(y.apply(r).mean()))
                .collect(Collectors.groupingBy(Row::recipe, LinkedHashMap::new, Collectors.toList()));
        byRecipe.forEach((recipe, rs) -> {
            List<Row> sorted = rs.stream().sorted(java.util.Comparator.comparingDouble(x)).toList();
            double[] xs = sorted.stream().mapToDouble(x).toArray();
            double[] ys = sorted.stream().mapToDouble(r -> y.apply(r).mean()).toArray();
            double[] err = sorted.stream().mapToDouble(r -> y.apply(r).sd()).toArray();
            XYSeries s = chart.addSeries(recipe, xs, ys, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    private static String img(XYChart chart) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return "<p>No finished points.</p>\n";
        }
        return Pages.image(chart.getTitle(), chart);
    }
}
