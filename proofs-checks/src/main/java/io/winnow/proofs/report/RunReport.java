package io.winnow.proofs.report;

import io.winnow.proofs.Slack;
import io.winnow.report.PruneReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
    public static Map<String, byte[]> files(PruneReport report) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ReportDocument doc = new ReportDocument();
        List<PruneReport.Layer> layers = report.layers();
        PruneReport.Theorem4 deep = report.theorem4();
        boolean certificatesHold = layers.stream().allMatch(l -> l.certificate().holds().orElse(true));
        boolean deepHolds = deep.holds();

        doc.heading(1, "Winnow pruning report");
        doc.paragraph("Overall: " + (certificatesHold && deepHolds ? "PASS, every bound check of this run held."
                : "FAIL, some bound check was violated (see Checks).")
                + " Drawn from report.json in this directory; docs/proofs.md says how to read it and docs/theory.md states the bounds.");
        PruneReport.RecipeSource recipe = report.recipe();
        PruneReport.DataSource data = report.data();
        doc.table(List.of("setting", "value"), List.of(
                List.of("recipe file", recipe.file()),
                List.of("recipe sha256", recipe.hash()),
                List.of("model", report.model().source()),
                List.of("seed", Long.toString(report.seed())),
                List.of("data source", data.source()),
                List.of("samples: train / calibration / test", data.train() + " / " + data.calibration() + " / "
                        + data.test()),
                List.of("classes, label 0 first", data.classes().map(names -> String.join(", ", names)).orElse("not recorded")),
                List.of("normalisation", data.normalisation().map(n -> "x = (pixel/255 - " + n.mean() + ") / " + n.std())
                        .orElse("not recorded")),
                List.of("report format", report.format())));
        doc.code(recipe.text());

        doc.heading(2, "Checks");
        List<List<String>> checks = new ArrayList<>();
        for (PruneReport.Layer layer : layers) {
            PruneReport.Certificate c = layer.certificate();
            if (!c.applies()) {
                checks.add(List.of("certificate", layer.name(), "-", "-", "NOT APPLICABLE: " + c.why().orElse("")));
            } else {
                checks.add(List.of("certificate", layer.name(), Integer.toString(c.bounds().map(List::size).orElse(0)),
                        Integer.toString(c.violations().map(List::size).orElse(0)),
                        c.holds().orElse(false) ? "PASS" : "FAIL"));
            }
        }
        checks.add(List.of("Theorem 4", "whole network, per calibration sample", Integer.toString(deep.samples()),
                Integer.toString(deep.violations()), deep.holds() ? "PASS" : "FAIL"));
        doc.paragraph("certificate: per step the record chain, Lemma 3 (non-polish steps) and L_{k+1} <= B_{k+1}; checked = steps."
                + " Theorem 4: ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x); checked = samples.");
        doc.table(List.of("check", "layer", "checked", "violated", "verdict"), checks);

        size(doc, report.size());
        report.latency().ifPresent(l -> latency(doc, l));
        accuracy(doc, report.accuracy());
        layers(doc, files, layers);
        theorem4(doc, files, deep);
        files.put(HTML, doc.toHtml("Winnow pruning report").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static void size(ReportDocument doc, PruneReport.Size size) {
        doc.heading(2, "Size");
        List<List<String>> rows = new ArrayList<>();
        for (PruneReport.Width w : size.widths()) {
            rows.add(List.of("width " + w.layer(), Integer.toString(w.before()), Integer.toString(w.after()),
                    percent(w.after(), w.before())));
        }
        rows.add(List.of("params", Long.toString(size.paramsBefore()), Long.toString(size.paramsAfter()),
                percent(size.paramsAfter(), size.paramsBefore())));
        rows.add(List.of("FLOPs per sample", Long.toString(size.flopsBefore()), Long.toString(size.flopsAfter()),
                percent(size.flopsAfter(), size.flopsBefore())));
        doc.table(List.of("quantity", "before", "after", "after / before"), rows);
    }

    private static void latency(ReportDocument doc, PruneReport.Latency latency) {
        doc.heading(2, "Latency");
        doc.paragraph("Median of " + latency.runs() + " warm calls per batch size, " + latency.runtime() + ", "
                + latency.threads() + " threads, batch norm folded into the layer before it in both models.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("batch 1", ms(latency.original().batch1Ms()), ms(latency.pruned().batch1Ms()),
                speedup(latency.original().batch1Ms(), latency.pruned().batch1Ms())));
        rows.add(List.of("batch 256", ms(latency.original().batch256Ms()), ms(latency.pruned().batch256Ms()),
                speedup(latency.original().batch256Ms(), latency.pruned().batch256Ms())));
        doc.table(List.of("per call", "original", "pruned", "speedup"), rows);
    }

    private static String ms(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", value);
    }

    private static String speedup(double before, double after) {
        return String.format(java.util.Locale.ROOT, "%.2fx", before / after);
    }

    private static void accuracy(ReportDocument doc, PruneReport.Accuracy accuracy) {
        doc.heading(2, "Accuracy");
        List<List<String>> rows = new ArrayList<>();
        rows.add(evaluation("original", Optional.of(accuracy.original())));
        rows.add(evaluation("afterSelection", Optional.of(accuracy.afterSelection())));
        rows.add(evaluation("afterFinetune", accuracy.afterFinetune()));
        doc.table(List.of("model", "split", "samples", "loss", "top-1 accuracy"), rows);
    }

    private static List<String> evaluation(String stage, Optional<PruneReport.Evaluation> evaluation) {
        return evaluation.map(e -> List.of(stage, e.split(), Integer.toString(e.samples()), fixed(e.loss()),
                fixed(e.accuracy()))).orElse(List.of(stage, "-", "-", "-", "not run"));
    }

    /** L of the weights kept: the path's end, or GFS's polished face when optimizeGamma kept that (report.json gfsComparison). */
    private static String finalLoss(PruneReport.Selection sel, double pathEnd) {
        boolean gfs = sel.gfsComparison().map(PruneReport.GfsComparison::gfsFaceKept).orElse(false);
        return gfs ? ProofReport.fmt(sel.finalLoss()) + " (GFS set)" : ProofReport.fmt(pathEnd);
    }

    private static void layers(ReportDocument doc, Map<String, byte[]> files, List<PruneReport.Layer> layers)
            throws IOException {
        doc.heading(2, "Selection per layer");
        doc.paragraph("log L_n against the step n for every layer selected greedily, L_0 = the best single neuron's loss. For"
                + " optimizeGamma layers the a-posteriori certificate L_0 prod_k (1 - r_k^2/D_k^2) is drawn over the measured curve"
                + " and must lie above it; polish steps (pairwise swaps at full support) are marked: Lemma 3 does not apply to them, they"
                + " only have to decrease L. Points at or below the loss slack (Slack.loss) are not drawn. The final L is that of the"
                + " weights kept; \"GFS set\" marks a layer where optimizeGamma kept GFS's polished set, lower than its own path's end.");
        List<List<String>> rows = new ArrayList<>();
        List<String> images = new ArrayList<>();
        Map<String, double[][]> contractions = new LinkedHashMap<>();
        for (PruneReport.Layer layer : layers) {
            String name = layer.name();
            if (layer.selection().isEmpty()) {
                rows.add(List.of(name, layer.stage(), Integer.toString(layer.widthBefore()),
                        Integer.toString(layer.widthAfter()), "-", "-", "-", "-", "-"));
                continue;
            }
            PruneReport.Selection sel = layer.selection().get();
            List<PruneReport.Step> steps = sel.steps();
            int n = steps.size();
            double[] losses = new double[n + 1];
            boolean[] polish = new boolean[n + 1];
            losses[0] = sel.initialLoss();
            int polishSteps = 0;
            for (int k = 0; k < n; k++) {
                losses[k + 1] = steps.get(k).lossAfter();
                polish[k + 1] = steps.get(k).polish();
                polishSteps += polish[k + 1] ? 1 : 0;
            }
            PruneReport.Certificate cert = layer.certificate();
            double[] bound = null;
            if (cert.applies() && cert.bounds().map(List::size).orElse(-1) == n) {
                List<Double> bounds = cert.bounds().get();
                bound = new double[n + 1];
                bound[0] = cert.initialLoss().orElseThrow();
                for (int k = 0; k < n; k++) {
                    bound[k + 1] = bounds.get(k);
                }
                contractions.put(name, contractionPoints(steps, cert.lemma3().orElse(List.of())));
            }
            double floor = Slack.loss(sel.lossScale());
            String file = PREFIX + "loss-" + (images.size() + 1) + "-" + fileSafe(name) + ".png";
            files.put(file, Charts.layerPath(name + " (" + sel.rule() + ")", losses, bound, polish, floor));
            images.add(file);
            rows.add(List.of(name, layer.stage(), Integer.toString(layer.widthBefore()),
                    Integer.toString(layer.widthAfter()), Integer.toString(n), Integer.toString(polishSteps),
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
    private static double[][] contractionPoints(List<PruneReport.Step> steps, List<String> lemma3) {
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            PruneReport.Step s = steps.get(k);
            double before = s.lossBefore();
            double diameter = s.diameter().orElse(Double.NaN);
            double margin = s.margin().orElse(Double.NaN);
            boolean notChecked = k < lemma3.size() && "NOT_CHECKED".equals(lemma3.get(k));
            if (notChecked || s.polish() || before <= 0 || !(diameter > 0) || Double.isNaN(margin)) {
                continue;
            }
            points.add(new double[] {1 - margin * margin / (diameter * diameter), s.lossAfter() / before});
        }
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i)[0];
            xy[1][i] = points.get(i)[1];
        }
        return xy;
    }

    private static void theorem4(ReportDocument doc, Map<String, byte[]> files, PruneReport.Theorem4 deep)
            throws IOException {
        doc.heading(2, "Theorem 4: the whole network");
        PruneReport.Tightness t = deep.tightness();
        doc.paragraph("On every calibration sample ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x), with K_j the Lipschitz"
                + " constants of the original blocks and e_l the local error at block l on the pruned network's input (docs/theory.md"
                + " section 4). Network: " + deep.network() + ". Samples: " + deep.samples()
                + ", violations: " + deep.violations() + ". Tightness lhs/rhs: min " + ProofReport.fmt(t.min())
                + ", median " + ProofReport.fmt(t.median()) + ", max " + ProofReport.fmt(t.max())
                + "; mean ||F^(x) - F(x)|| " + ProofReport.fmt(deep.meanDiscrepancy()) + ", mean bound "
                + ProofReport.fmt(deep.meanBound()) + ".");
        List<List<String>> rows = new ArrayList<>();
        for (PruneReport.Block b : deep.blocks()) {
            rows.add(List.of(b.layers(), ProofReport.fmt(b.lipschitz()), b.converged() ? "yes" : "no",
                    ProofReport.fmt(b.meanLocalError())));
        }
        doc.table(List.of("block", "K_l", "power iteration converged", "mean e_l"), rows);
        double[] lhs = numbers(deep.lhs());
        double[] rhs = numbers(deep.rhs());
        files.put(PREFIX + "theorem4-tightness.png", Charts.tightnessHistogram("Theorem 4 tightness per calibration sample", lhs, rhs));
        files.put(PREFIX + "theorem4-scatter.png", Charts.tightnessScatter("Theorem 4: discrepancy against its bound", lhs, rhs));
        doc.image(PREFIX + "theorem4-tightness.png", "histogram of log10(lhs/rhs)");
        doc.image(PREFIX + "theorem4-scatter.png", "lhs against rhs per sample");
    }

    private static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static double[] numbers(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Accuracies and losses with four decimals, as `winnow prune` prints them. */
    static String fixed(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static String percent(double after, double before) {
        return before == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * after / before);
    }
}
