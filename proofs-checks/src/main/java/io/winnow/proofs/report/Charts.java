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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots as PNG bytes, drawn with XChart off screen. The only class that touches AWT,
 * so the one place that sets java.awt.headless, before AWT first loads.
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
    static byte[] layerPath(String layer, double[] losses, double[] certificate, boolean[] polish, double floor)
            throws IOException {
        XYChart chart = chart("log L against step, " + layer, "step n (0: best single neuron)", "L_n (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        line(chart, "measured L_n", losses, floor, losses.length <= 200);
        if (certificate != null) {
            line(chart, "certificate L_0 prod(1 - r_k^2/D_k^2)", certificate, floor, false);
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
        }
        return png(chart);
    }

    /** Measured L_{k+1}/L_k against 1 - r_k^2/D_k^2, one series per layer, with the line y = x (Lemma 3). */
    static byte[] layerContractions(Map<String, double[][]> byLayer) throws IOException {
        XYChart chart = chart("contraction per step (Lemma 3: on or below the diagonal)", "1 - r_k^2/D_k^2 (Lemma 3 bound)",
                "L_{k+1} / L_k (measured)");
        byLayer.forEach((layer, points) -> {
            if (points[0].length > 0) {
                XYSeries s = chart.addSeries(layer + " (" + points[0].length + " steps)", points[0], points[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        });
        XYSeries diagonal = chart.addSeries("ratio = bound", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        return png(chart);
    }

    /**
     * Theorem 4's tightness lhs/rhs per sample as a histogram over log10(lhs/rhs), in tenths of a
     * decade: the bound is attained at 0, and nothing may lie right of it.
     */
    static byte[] tightnessHistogram(String title, double[] lhs, double[] rhs) throws IOException {
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
            int hi = Math.max(0, (int) Math.floor(Arrays.stream(logs).max().getAsDouble() * 10));
            int[] bins = new int[hi - lo + 1];
            for (double v : logs) {
                bins[(int) Math.floor(v * 10) - lo]++;
            }
            for (int b = 0; b < bins.length; b++) {
                labels.add(String.format(java.util.Locale.ROOT, "%.1f", (lo + b) / 10.0));
                counts.add(bins[b]);
            }
        }
        chart.addSeries("samples", labels, counts);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** ||F^(x) - F(x)|| against its bound per sample, log-log, with the line lhs = rhs. */
    static byte[] tightnessScatter(String title, double[] lhs, double[] rhs) throws IOException {
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
            double min = Math.min(xs.stream().mapToDouble(Double::doubleValue).min().getAsDouble(),
                    ys.stream().mapToDouble(Double::doubleValue).min().getAsDouble());
            double max = xs.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            XYSeries diagonal = chart.addSeries("lhs = bound", new double[] {min, max}, new double[] {min, max});
            diagonal.setMarker(SeriesMarkers.NONE);
            diagonal.setLineColor(Color.GRAY);
        }
        return png(chart);
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
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n = 0; n < y.length; n++) {
            if (y[n] > floor) {
                xs.add((double) n);
                ys.add(y[n]);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
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
