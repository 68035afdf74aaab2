package io.winnow.compare;

import io.winnow.proofs.report.Charts;
import io.winnow.proofs.report.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        h.append(Pages.head("Winnow sensitivity")).append("<h1>Layer sensitivity</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>Model %s, data %s, probed by <code>%s</code>. Original top-1 %.2f%%.</p>%n",
                Html.escape(result.model()), Html.escape(result.data()), Html.escape(result.method()),
                100 * result.originalAccuracy()));
        h.append(Pages.image("sensitivity curves", chart));
        h.append("<h2>Most sensitive first</h2>\n<table><tr><th>layer</th><th>largest drop (points)</th></tr>\n");
        for (var e : result.ranking()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=n>%.2f</td></tr>%n", Html.escape(e.getKey()),
                    100 * e.getValue()));
        }
        h.append("</table>\n<h2>A recipe to start from</h2>\n<pre>").append(Html.escape(startingRecipe))
                .append("</pre>\n");
        h.append("</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }
}
