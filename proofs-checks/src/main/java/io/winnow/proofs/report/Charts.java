package io.winnow.proofs.report;

import io.winnow.proofs.Lemma1;
import io.winnow.proofs.Slopes;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn with XChart off screen: PNG bytes for {@code winnow prove}, inline SVG
 * for report.html. The only class that touches AWT, so the one place that sets java.awt.headless,
 * before AWT first loads. On the prune report's charts one quantity has one colour everywhere:
 * measured values {@link #MEASURED}, bounds {@link #BOUND}, polish steps {@link #POLISH}, the
 * reference line where a bound is attained {@link #REFERENCE}.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** An empty line chart for other pages (winnow compare), made here so that AWT loads headless. */
    public static XYChart xyChart(String title, String xTitle, String yTitle, int width, int height) {
        return new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
    }

    /** A chart as PNG bytes. */
    public static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * A chart as an {@code <svg>} element to put inline in HTML: no XML prolog, scalable by its
     * viewBox, every id inside it (the clip paths) prefixed with {@code idPrefix} so that several
     * charts in one page never share one.
     */
    public static String svg(Chart<?, ?> chart, String idPrefix) throws IOException {
        chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 20));
        chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 16));
        if (chart.getStyler() instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 17));
            axes.setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String text = bytes.toString(StandardCharsets.UTF_8);
        int start = text.indexOf("<svg");
        if (start < 0) {
            throw new IOException("the SVG encoder wrote no <svg> element");
        }
        String svg = text.substring(start).strip();
        // XChart draws at the chart's pixel size; inline, the SVG is scaled to the column, so the
        // text must be drawn larger than on a PNG to stay readable on a phone
        if (!svg.substring(0, svg.indexOf('>')).contains("viewBox")) {
            svg = "<svg viewBox=\"0 0 " + chart.getWidth() + " " + chart.getHeight() + "\"" + svg.substring(4);
        }
        return svg.replace(" id=\"", " id=\"" + idPrefix + "-").replace("url(#", "url(#" + idPrefix + "-")
                .replace("href=\"#", "href=\"#" + idPrefix + "-");
    }

    static final Color MEASURED = new Color(0x1f77b4);
    static final Color BOUND = new Color(0xd62728);
    static final Color POLISH = new Color(0x2ca02c);
    static final Color REFERENCE = Color.GRAY;

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /** Plot (a): log L against n for both rules, with the certificate and (m <= 3) the a-priori bound. */
    static byte[] lossCurve(LossCurve c) throws IOException {
        XYChart chart = chart("(a) " + c.instance(), "step n (optimizeGamma: steps after the best single neuron; fixedGamma: neurons kept)",
                "L_n (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        line(chart, "optimizeGamma L_n", c.optimizeGamma(), c.lossFloor(), true);
        line(chart, "certificate L_0 prod(1 - r_k^2/D_k^2)", c.certificate(), c.lossFloor(), false);
        if (c.aPriori() != null) {
            line(chart, "a-priori L_0 exp(-n r^2/D^2)", c.aPriori(), c.lossFloor(), false);
        }
        line(chart, "fixedGamma L_n", c.fixedGamma(), c.lossFloor(), true);
        return png(chart);
    }

    /** Plot (b): the measured factor L_{k+1}/L_k against Lemma 3's bound 1 - r_k^2/D_k^2, with the line y = x. */
    static byte[] contractions(List<ContractionPoint> points) throws IOException {
        XYChart chart = chart("(b) contraction per optimizeGamma step", "1 - r_k^2/D_k^2 (Lemma 3 bound)", "L_{k+1} / L_k (measured)");
        Map<String, List<ContractionPoint>> groups = new TreeMap<>();
        for (ContractionPoint p : points) {
            groups.computeIfAbsent(p.dimension() <= CheckRunner.MAX_EXACT_DIMENSION ? "m <= 3" : "m > 3", k -> new ArrayList<>()).add(p);
        }
        groups.forEach((name, group) -> {
            double[] x = group.stream().mapToDouble(ContractionPoint::bound).toArray();
            double[] y = group.stream().mapToDouble(ContractionPoint::ratio).toArray();
            if (x.length > 0) {
                XYSeries s = chart.addSeries(name + " (" + x.length + " steps)", x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        });
        XYSeries diagonal = chart.addSeries("ratio = bound", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        return png(chart);
    }

    /** Plot (c): Lemma 1's curve, r/N and r/D against N for neurons uniform in [0, 1]^m. */
    static byte[] lemma1(List<Lemma1.CurvePoint> plane, List<Lemma1.CurvePoint> space) throws IOException {
        XYChart chart = chart("(c) Lemma 1: inradius against width, phi_i uniform in [0,1]^m", "N (log scale)", "r/N and r/D");
        chart.getStyler().setXAxisLogarithmic(true);
        curve(chart, "r/N, m = 2", plane, true);
        curve(chart, "r/D, m = 2", plane, false);
        curve(chart, "r/N, m = 3", space, true);
        curve(chart, "r/D, m = 3", space, false);
        return png(chart);
    }

    /** Plot (d): optimizeGamma's fitted slope d log L / d n against m/N, one series per N. */
    static byte[] slopes(List<Slopes.Row> rows) throws IOException {
        XYChart chart = chart("(d) optimizeGamma slope of log L per step against m/N", "m/N (log scale)", "d log L / d n");
        chart.getStyler().setXAxisLogarithmic(true);
        Map<Integer, List<Slopes.Row>> byWidth = new TreeMap<>();
        rows.stream().filter(r -> Double.isFinite(r.optimizeGammaSlope()))
                .forEach(r -> byWidth.computeIfAbsent(r.width(), k -> new ArrayList<>()).add(r));
        byWidth.forEach((n, group) -> {
            double[] x = group.stream().mapToDouble(r -> (double) r.dimension() / r.width()).toArray();
            double[] y = group.stream().mapToDouble(Slopes.Row::optimizeGammaSlope).toArray();
            XYSeries s = chart.addSeries("N = " + n, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return png(chart);
    }

    /**
     * One pruned layer's greedy path from report.json: measured L_n (n = 0 is the best single neuron),
     * the certificate L_0 prod_k (1 - r_k^2/D_k^2) over it, and the polish steps marked.
     *
     * @param certificate the bound after each step, same length as {@code losses}; null when the layer has none
     * @param polish      whether step n (the step that produced losses[n]) was a polish step
     */
    static XYChart layerPath(String layer, double[] losses, double[] certificate, boolean[] polish, double floor) {
        XYChart chart = chart("log L against step, " + layer, "step n (0: best single neuron)", "L_n (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) Math.max(1, losses.length - 1));
        List<Double> shown = new ArrayList<>();
        line(chart, "measured L_n", losses, floor, losses.length <= 200, shown).ifPresent(s -> {
            s.setLineColor(MEASURED);
            s.setMarkerColor(MEASURED);
        });
        if (certificate != null) {
            line(chart, "certificate L_0 prod(1 - r_k^2/D_k^2)", certificate, floor, false, shown)
                    .ifPresent(s -> s.setLineColor(BOUND));
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 1; n < losses.length; n++) {
            if (polish[n] && losses[n] > floor) {
                xs.add((double) n);
                ys.add(losses[n]);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries s = chart.addSeries("polish steps (" + xs.size() + " above the loss slack)", xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(POLISH);
        }
        fitLogY(chart, shown);
        return chart;
    }

    /** Measured L_{k+1}/L_k against 1 - r_k^2/D_k^2, one series per layer, with the line y = x (Lemma 3). */
    static XYChart layerContractions(Map<String, double[][]> byLayer) {
        XYChart chart = chart("contraction per step (Lemma 3: on or below the diagonal)", "1 - r_k^2/D_k^2 (Lemma 3 bound)",
                "L_{k+1} / L_k (measured)");
        double lo = 1;
        int layer = 0;
        for (Map.Entry<String, double[][]> e : byLayer.entrySet()) {
            double[][] points = e.getValue();
            if (points[0].length > 0) {
                XYSeries s = chart.addSeries(e.getKey() + " (" + points[0].length + " steps)", points[0], points[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                // every point is a measured ratio: one colour, the layer told apart by the marker's shape
                s.setMarker(LAYER_MARKERS[layer++ % LAYER_MARKERS.length]);
                s.setMarkerColor(MEASURED);
                for (int i = 0; i < points[0].length; i++) {
                    lo = Math.min(lo, Math.min(points[0][i], points[1][i]));
                }
            }
        }
        // both axes from just below the smallest value to 1: the factors all lie in [0, 1] and crowd near 1
        double min = Math.max(0, Math.floor(lo * 20 - 1) / 20);
        XYSeries diagonal = chart.addSeries("ratio = bound", new double[] {min, 1}, new double[] {min, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(REFERENCE);
        chart.getStyler().setXAxisMin(min).setXAxisMax(1.0).setYAxisMin(min).setYAxisMax(1.0);
        return chart;
    }

    private static final org.knowm.xchart.style.markers.Marker[] LAYER_MARKERS = {SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
            SeriesMarkers.CROSS, SeriesMarkers.PLUS};

    /**
     * Theorem 4's tightness lhs/rhs per sample as a histogram over log10(lhs/rhs), in tenths of a
     * decade: the bound is attained at 0, and nothing may lie right of it.
     */
    static byte[] tightnessHistogram(String title, double[] lhs, double[] rhs) throws IOException {
        return BitmapEncoder.getBitmapBytes(tightnessHistogramChart(title, lhs, rhs, true), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The histogram; with {@code toZero} the bins run on to 0 (where the bound is attained) even
     * when every sample lies decades below it, without it they cover the samples only.
     */
    static CategoryChart tightnessHistogramChart(String title, double[] lhs, double[] rhs, boolean toZero) {
        double[] logs = java.util.stream.IntStream.range(0, lhs.length).filter(s -> rhs[s] > 0 && lhs[s] > 0)
                .mapToDouble(s -> Math.log10(lhs[s] / rhs[s])).toArray();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("log10(||F^(x) - F(x)|| / bound), bin lower edge (0: the bound is attained)")
                .yAxisTitle("samples").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> labels = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        if (logs.length == 0) {
            labels.add("no sample with lhs > 0");
            counts.add(0);
        } else {
            int lo = (int) Math.floor(Arrays.stream(logs).min().getAsDouble() * 10);
            int top = (int) Math.floor(Arrays.stream(logs).max().getAsDouble() * 10);
            int hi = toZero ? Math.max(0, top) : top;
            int[] bins = new int[hi - lo + 1];
            for (double v : logs) {
                bins[(int) Math.floor(v * 10) - lo]++;
            }
            for (int b = 0; b < bins.length; b++) {
                labels.add(String.format(java.util.Locale.ROOT, "%.1f", (lo + b) / 10.0));
                counts.add(bins[b]);
            }
        }
        chart.addSeries("samples", labels, counts).setFillColor(MEASURED);
        return chart;
    }

    /** ||F^(x) - F(x)|| against its bound per sample, log-log, with the line lhs = rhs. */
    static XYChart tightnessScatter(String title, double[] lhs, double[] rhs) {
        XYChart chart = chart(title, "bound sum_l (prod_{j>l} K_j) e_l(x) (log scale)", "||F^(x) - F(x)|| (log scale)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int s = 0; s < lhs.length; s++) {
            if (lhs[s] > 0 && rhs[s] > 0) {
                xs.add(rhs[s]);
                ys.add(lhs[s]);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries points = chart.addSeries("samples (" + xs.size() + ")", xs, ys);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(MEASURED);
            double xMin = xs.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            double xMax = xs.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            double yMin = ys.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            double yMax = ys.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            // each axis over its own values; the line lhs = bound only where it crosses that frame
            double lo = Math.max(xMin, yMin);
            double hi = Math.min(xMax, yMax);
            if (lo < hi) {
                XYSeries diagonal = chart.addSeries("lhs = bound", new double[] {lo, hi}, new double[] {lo, hi});
                diagonal.setMarker(SeriesMarkers.NONE);
                diagonal.setLineColor(REFERENCE);
            } else {
                points.setLabel("samples (" + xs.size() + "), all below the line lhs = bound, which lies outside this frame");
            }
            fitLogY(chart, ys);
            chart.getStyler().setXAxisMin(xMin / 1.1).setXAxisMax(xMax * 1.1);
            chart.getStyler().setXAxisLogarithmicDecadeOnly(xMax / xMin >= 10);
            if (xMin >= 1) {
                chart.getStyler().setXAxisDecimalPattern("#,##0");
            }
        }
        return chart;
    }

    /**
     * A log y axis over exactly the values drawn, a few percent of margin either side, rather than
     * out to whole decades; with a label at every tick where the values span less than a decade (over
     * more, the ticks between decades crowd their labels into each other, so only decades are labelled).
     */
    private static void fitLogY(XYChart chart, List<Double> ys) {
        double min = ys.stream().mapToDouble(Double::doubleValue).filter(y -> y > 0).min().orElse(Double.NaN);
        double max = ys.stream().mapToDouble(Double::doubleValue).filter(y -> y > 0).max().orElse(Double.NaN);
        if (!(min > 0) || !(max > 0)) {
            return;
        }
        chart.getStyler().setYAxisMin(min / 1.1).setYAxisMax(max * 1.1);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(max / min >= 10);
        if (min >= 1) {
            chart.getStyler().setYAxisDecimalPattern("#,##0");
        }
    }

    /** Final discrepancy (mean over samples) and its mean bound against the kept fraction of every layer. */
    static byte[] widthCurve(String title, double[] ratios, double[] discrepancy, double[] bound) throws IOException {
        XYChart chart = chart(title, "fraction of every prunable layer's width kept", "mean over samples (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        line(chart, ratios, "mean ||F^(x) - F(x)||", discrepancy);
        line(chart, ratios, "mean bound sum_l (prod_{j>l} K_j) e_l(x)", bound);
        return png(chart);
    }

    private static void line(XYChart chart, double[] x, String name, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /** Points with y above the loss floor: below it L is rounding noise, and a log axis cannot show 0. */
    private static void line(XYChart chart, String name, double[] y, double floor, boolean markers) {
        line(chart, name, y, floor, markers, new ArrayList<>());
    }

    /** The same, adding the values drawn to {@code shown}; the series, if any value was above the floor. */
    private static java.util.Optional<XYSeries> line(XYChart chart, String name, double[] y, double floor,
                                                     boolean markers, List<Double> shown) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < y.length; n++) {
            if (y[n] > floor) {
                xs.add((double) n);
                ys.add(y[n]);
            }
        }
        if (xs.isEmpty()) {
            return java.util.Optional.empty();
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        shown.addAll(ys);
        return java.util.Optional.of(s);
    }

    private static void curve(XYChart chart, String name, List<Lemma1.CurvePoint> points, boolean overWidth) {
        if (points.isEmpty()) {
            return;
        }
        double[] x = points.stream().mapToDouble(Lemma1.CurvePoint::width).toArray();
        double[] y = points.stream().mapToDouble(p -> overWidth ? p.radiusOverWidth() : p.radiusOverDiameter()).toArray();
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
}
