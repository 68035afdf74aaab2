package io.winnow.proofs.report;

import io.winnow.proofs.Lemma1;
import io.winnow.proofs.Slopes;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots as PNG bytes, drawn with XChart off screen (java.awt.headless). */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
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

    private static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
