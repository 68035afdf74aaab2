package io.winnow.proofs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.winnow.proofs.Slack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of one pruning run, {@code report.html} next to {@code report.json} and the pruned
 * model, drawn from report.json alone (after the certificates and Theorem 4 are attached): the
 * same kind of plots as {@code winnow prove}, for the layers of a real network. Per pruned layer
 * log L against the step with the certificate L_0 prod_k (1 - r_k^2/D_k^2) over it (docs/theory.md
 * 3.5); the contraction L_{k+1}/L_k against 1 - r_k^2/D_k^2 (Lemma 3); Theorem 4's tightness
 * (section 4); and the run's sizes, accuracies, provenance and the verdict of every check.
 */
public final class RunReport {

    public static final String HTML = "report.html";
    static final String PREFIX = "report-";

    private RunReport() {
    }

    /** report.html and its PNG plots, file name to bytes; every image the HTML names is among them. */
    public static Map<String, byte[]> files(JsonNode report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, byte[]> files = new LinkedHashMap<>();
        ReportDocument doc = new ReportDocument();
        List<JsonNode> layers = new ArrayList<>();
        report.path("layers").forEach(layers::add);
        JsonNode deep = report.get("theorem4");
        boolean certificatesHold = layers.stream().allMatch(l -> l.path("certificate").path("holds").asBoolean(true));
        boolean deepHolds = deep == null || deep.path("holds").asBoolean(false);

        doc.heading(1, "Winnow pruning report");
        doc.paragraph("Overall: " + (certificatesHold && deepHolds ? "PASS, every bound check of this run held."
                : "FAIL, some bound check was violated (see Checks).")
                + " Drawn from report.json in this directory; docs/proofs.md says how to read it and docs/theory.md states the bounds.");
        JsonNode recipe = report.path("recipe");
        JsonNode data = report.path("data");
        doc.table(List.of("setting", "value"), List.of(
                List.of("recipe file", recipe.path("file").asText()),
                List.of("recipe sha256", recipe.path("hash").asText()),
                List.of("model", report.path("model").asText()),
                List.of("seed", report.path("seed").asText()),
                List.of("data source", data.path("source").asText()),
                List.of("samples: train / calibration / test", data.path("train").asText() + " / "
                        + data.path("calibration").asText() + " / " + data.path("test").asText()),
                List.of("report format", report.path("format").asText())));
        doc.code(recipe.path("text").asText());

        doc.heading(2, "Checks");
        List<List<String>> checks = new ArrayList<>();
        for (JsonNode layer : layers) {
            JsonNode c = layer.path("certificate");
            String name = layerName(layer);
            if (!c.path("applies").asBoolean(false)) {
                checks.add(List.of("certificate", name, "-", "-", "NOT APPLICABLE: " + c.path("why").asText()));
            } else {
                checks.add(List.of("certificate", name, Integer.toString(c.path("bounds").size()),
                        Integer.toString(c.path("violations").size()), c.path("holds").asBoolean() ? "PASS" : "FAIL"));
            }
        }
        if (deep != null) {
            checks.add(List.of("Theorem 4", "whole network, per calibration sample", deep.path("samples").asText(),
                    deep.path("violations").asText(), deep.path("holds").asBoolean() ? "PASS" : "FAIL"));
        }
        doc.paragraph("certificate: per step the record chain, Lemma 3 (non-polish steps) and L_{k+1} <= B_{k+1}; checked = steps."
                + " Theorem 4: ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x); checked = samples.");
        doc.table(List.of("check", "layer", "checked", "violated", "verdict"), checks);

        size(doc, report.path("size"));
        accuracy(doc, report.path("accuracy"));
        layers(doc, files, layers);
        if (deep != null) {
            theorem4(doc, files, deep);
        }
        files.put(HTML, doc.toHtml("Winnow pruning report").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static void size(ReportDocument doc, JsonNode size) {
        doc.heading(2, "Size");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode w : size.path("widths")) {
            rows.add(List.of("width " + w.path("layer").asText(), w.path("before").asText(), w.path("after").asText(),
                    percent(w.path("after").asDouble(), w.path("before").asDouble())));
        }
        rows.add(List.of("params", size.path("paramsBefore").asText(), size.path("paramsAfter").asText(),
                percent(size.path("paramsAfter").asDouble(), size.path("paramsBefore").asDouble())));
        rows.add(List.of("FLOPs per sample", size.path("flopsBefore").asText(), size.path("flopsAfter").asText(),
                percent(size.path("flopsAfter").asDouble(), size.path("flopsBefore").asDouble())));
        doc.table(List.of("quantity", "before", "after", "after / before"), rows);
    }

    private static void accuracy(ReportDocument doc, JsonNode accuracy) {
        doc.heading(2, "Accuracy");
        List<List<String>> rows = new ArrayList<>();
        for (String stage : List.of("original", "afterSelection", "afterFinetune")) {
            JsonNode e = accuracy.get(stage);
            rows.add(e == null ? List.of(stage, "-", "-", "-", "not run")
                    : List.of(stage, e.path("split").asText(), e.path("samples").asText(), fixed(e.path("loss").asDouble()),
                    fixed(e.path("accuracy").asDouble())));
        }
        doc.table(List.of("model", "split", "samples", "loss", "top-1 accuracy"), rows);
    }

    /** L of the weights kept: the path's end, or GFS's polished face when optimizeGamma kept that (report.json gfsComparison). */
    private static String finalLoss(JsonNode sel, double pathEnd) {
        boolean gfs = sel.path("gfsComparison").path("gfsFaceKept").asBoolean(false);
        return gfs ? ProofReport.fmt(sel.path("finalLoss").asDouble()) + " (GFS set)" : ProofReport.fmt(pathEnd);
    }

    private static void layers(ReportDocument doc, Map<String, byte[]> files, List<JsonNode> layers) throws IOException {
        doc.heading(2, "Selection per layer");
        doc.paragraph("log L_n against the step n for every layer selected greedily, L_0 = the best single neuron's loss. For"
                + " optimizeGamma layers the a-posteriori certificate L_0 prod_k (1 - r_k^2/D_k^2) is drawn over the measured curve"
                + " and must lie above it; polish steps (pairwise swaps at full support) are marked: Lemma 3 does not apply to them, they"
                + " only have to decrease L. Points at or below the loss slack (Slack.loss) are not drawn. The final L is that of the"
                + " weights kept; \"GFS set\" marks a layer where optimizeGamma kept GFS's polished set, lower than its own path's end.");
        List<List<String>> rows = new ArrayList<>();
        List<String> images = new ArrayList<>();
        Map<String, double[][]> contractions = new LinkedHashMap<>();
        for (JsonNode layer : layers) {
            JsonNode sel = layer.get("selection");
            String name = layerName(layer);
            if (sel == null) {
                rows.add(List.of(name, layer.path("stage").asText(), layer.path("widthBefore").asText(),
                        layer.path("widthAfter").asText(), "-", "-", "-", "-", "-"));
                continue;
            }
            JsonNode steps = sel.path("steps");
            int n = steps.size();
            double[] losses = new double[n + 1];
            boolean[] polish = new boolean[n + 1];
            losses[0] = sel.path("initialLoss").asDouble();
            int polishSteps = 0;
            for (int k = 0; k < n; k++) {
                losses[k + 1] = steps.get(k).path("lossAfter").asDouble();
                polish[k + 1] = steps.get(k).path("polish").asBoolean();
                polishSteps += polish[k + 1] ? 1 : 0;
            }
            JsonNode cert = layer.path("certificate");
            double[] bound = null;
            if (cert.path("applies").asBoolean(false) && cert.path("bounds").size() == n) {
                bound = new double[n + 1];
                bound[0] = cert.path("initialLoss").asDouble();
                for (int k = 0; k < n; k++) {
                    bound[k + 1] = cert.path("bounds").get(k).asDouble();
                }
                contractions.put(name, contractionPoints(steps, cert.path("lemma3")));
            }
            double floor = Slack.loss(sel.path("lossScale").asDouble());
            String file = PREFIX + "loss-" + (images.size() + 1) + "-" + fileSafe(name) + ".png";
            files.put(file, Charts.layerPath(name + " (" + sel.path("rule").asText() + ")", losses, bound, polish, floor));
            images.add(file);
            rows.add(List.of(name, layer.path("stage").asText(), layer.path("widthBefore").asText(),
                    layer.path("widthAfter").asText(), Integer.toString(n), Integer.toString(polishSteps),
                    ProofReport.fmt(losses[0]), finalLoss(sel, losses[n]), bound == null ? "-" : ProofReport.fmt(bound[n])));
        }
        doc.table(List.of("layer", "stage", "width before", "width after", "steps", "polish steps", "L_0", "final L",
                "certificate"), rows);
        for (int i = 0; i < images.size(); i++) {
            doc.image(images.get(i), "log L against step");
        }
        if (!contractions.isEmpty()) {
            doc.heading(2, "Contraction per step");
            long steps = contractions.values().stream().mapToLong(p -> p[0].length).sum();
            long above = contractions.values().stream()
                    .mapToLong(p -> java.util.stream.IntStream.range(0, p[0].length).filter(i -> p[1][i] > p[0][i]).count()).sum();
            doc.paragraph("Every non-polish optimizeGamma step whose Lemma 3 inequality was evaluated: the measured factor L_{k+1}/L_k"
                    + " against 1 - r_k^2/D_k^2. Lemma 3 puts every point on or below the diagonal; points a hair above it are"
                    + " within the loss slack (the certificate check above decides). Steps drawn: " + steps + "; above the"
                    + " diagonal: " + above + ".");
            String file = PREFIX + "contraction.png";
            files.put(file, Charts.layerContractions(contractions));
            doc.image(file, "contraction factor against 1 - r_k^2/D_k^2");
        }
    }

    /** [bound 1 - r_k^2/D_k^2, ratio L_{k+1}/L_k] of the steps whose Lemma 3 verdict is not NOT_CHECKED. */
    private static double[][] contractionPoints(JsonNode steps, JsonNode lemma3) {
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            JsonNode s = steps.get(k);
            double before = s.path("lossBefore").asDouble();
            double diameter = s.path("diameter").asDouble();
            if ("NOT_CHECKED".equals(lemma3.path(k).asText()) || s.path("polish").asBoolean() || before <= 0 || diameter <= 0) {
                continue;
            }
            double margin = s.path("margin").asDouble();
            points.add(new double[] {1 - margin * margin / (diameter * diameter), s.path("lossAfter").asDouble() / before});
        }
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i)[0];
            xy[1][i] = points.get(i)[1];
        }
        return xy;
    }

    private static void theorem4(ReportDocument doc, Map<String, byte[]> files, JsonNode deep) throws IOException {
        doc.heading(2, "Theorem 4: the whole network");
        JsonNode t = deep.path("tightness");
        doc.paragraph("On every calibration sample ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x), with K_j the Lipschitz"
                + " constants of the original blocks and e_l the local error at block l on the pruned network's input (docs/theory.md"
                + " section 4). Network: " + deep.path("network").asText() + ". Samples: " + deep.path("samples").asText()
                + ", violations: " + deep.path("violations").asText() + ". Tightness lhs/rhs: min " + ProofReport.fmt(t.path("min").asDouble())
                + ", median " + ProofReport.fmt(t.path("median").asDouble()) + ", max " + ProofReport.fmt(t.path("max").asDouble())
                + "; mean ||F^(x) - F(x)|| " + ProofReport.fmt(deep.path("meanDiscrepancy").asDouble()) + ", mean bound "
                + ProofReport.fmt(deep.path("meanBound").asDouble()) + ".");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode b : deep.path("blocks")) {
            rows.add(List.of(b.path("layers").asText(), ProofReport.fmt(b.path("lipschitz").asDouble()),
                    b.path("converged").asBoolean() ? "yes" : "no", ProofReport.fmt(b.path("meanLocalError").asDouble())));
        }
        doc.table(List.of("block", "K_l", "power iteration converged", "mean e_l"), rows);
        double[] lhs = numbers(deep.path("lhs"));
        double[] rhs = numbers(deep.path("rhs"));
        files.put(PREFIX + "theorem4-tightness.png", Charts.tightnessHistogram("Theorem 4 tightness per calibration sample", lhs, rhs));
        files.put(PREFIX + "theorem4-scatter.png", Charts.tightnessScatter("Theorem 4: discrepancy against its bound", lhs, rhs));
        doc.image(PREFIX + "theorem4-tightness.png", "histogram of log10(lhs/rhs)");
        doc.image(PREFIX + "theorem4-scatter.png", "lhs against rhs per sample");
    }

    static String layerName(JsonNode layer) {
        List<String> names = new ArrayList<>();
        layer.path("layers").forEach(n -> names.add(n.asText()));
        return String.join("+", names);
    }

    private static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static double[] numbers(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /** Accuracies and losses with four decimals, as `winnow prune` prints them. */
    static String fixed(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static String percent(double after, double before) {
        return before == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * after / before);
    }
}
