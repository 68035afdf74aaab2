package io.winnow.compare;

import io.winnow.proofs.report.Charts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** sensitivity.html: one curve per layer (accuracy after selection against the width kept) and the ranking. */
public final class SensitivityPage {

    private SensitivityPage() {
    }

    public static byte[] html(Sensitivity.Result result, String startingRecipe) throws IOException {
        Map<String, List<Sensitivity.Point>> curves = new LinkedHashMap<>();
        for (Sensitivity.Point p : result.points()) {
            curves.computeIfAbsent(String.join("+", p.layers()), k -> new java.util.ArrayList<>()).add(p);
        }
        XYChart chart = Charts.xyChart("accuracy after selection, one layer narrowed at a time",
                "fraction of the layer's width kept", "top-1 accuracy", 900, 460);
        curves.forEach((layer, points) -> chart.addSeries(layer,
                points.stream().mapToDouble(Sensitivity.Point::ratio).toArray(),
                points.stream().mapToDouble(Sensitivity.Point::accuracy).toArray()).setMarker(SeriesMarkers.CIRCLE));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Winnow sensitivity</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse}td,th{padding:.3em .6em;border-bottom:1px solid #ddd}"
                + "td.n{text-align:right}img{max-width:100%;height:auto}pre{background:#f6f6f6;padding:1em}</style>"
                + "</head><body>\n<h1>Layer sensitivity</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>Model %s, data %s, probed by <code>%s</code>. Original top-1 %.2f%%.</p>%n",
                escape(result.model()), escape(result.data()), escape(result.method()), 100 * result.originalAccuracy()));
        h.append("<p><img alt=\"sensitivity curves\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(Charts.png(chart))).append("\"></p>\n");
        h.append("<h2>Most sensitive first</h2>\n<table><tr><th>layer</th><th>largest drop (points)</th></tr>\n");
        for (var e : result.ranking()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=n>%.2f</td></tr>%n", escape(e.getKey()),
                    100 * e.getValue()));
        }
        h.append("</table>\n<h2>A recipe to start from</h2>\n<pre>").append(escape(startingRecipe)).append("</pre>\n");
        h.append("</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
