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
 * model, drawn from report.json alone (after the certificates and Theorem 4 are attached), one
 * self-contained file with its charts inline as SVG. For the practitioner first: a summary card
 * (params, FLOPs, model file size and latency before and after; accuracy of the original, after
 * selection and after finetune, with the drop in points) and a per-layer table of widths, params
 * and FLOPs. Then the theory, the same kind of plots as {@code winnow prove} for the layers of a
 * real network: per pruned layer log L against the step with the certificate L_0 prod_k
 * (1 - r_k^2/D_k^2) over it (docs/theory.md 3.5); the contraction L_{k+1}/L_k against
 * 1 - r_k^2/D_k^2 (Lemma 3); Theorem 4's tightness (section 4); provenance and every check's verdict.
 */
public final class RunReport {

    public static final String HTML = "report.html";

    private RunReport() {
    }

    /** report.html's bytes: one file, every chart an inline {@code <svg>} inside a {@code <figure>}. */
    public static byte[] html(PruneReport report) throws IOException {
        ReportDocument doc = ReportDocument.aligned();
        List<PruneReport.Layer> layers = report.layers();
        PruneReport.Theorem4 deep = report.theorem4();
        boolean certificatesHold = layers.stream().allMatch(l -> l.certificate().holds().orElse(true));
        boolean deepHolds = deep.holds();

        doc.heading(1, "Winnow pruning report");
        doc.paragraph("Bound checks: " + (certificatesHold && deepHolds ? "PASS, every bound check of this run held."
                : "FAIL, some bound check was violated (see Checks).")
                + " Drawn from report.json in this directory; docs/proofs.md says how to read it and docs/theory.md states the bounds.");
        summary(doc, report);
        LayerTable.add(doc, report);

        PruneReport.RecipeSource recipe = report.recipe();
        PruneReport.DataSource data = report.data();
        doc.heading(2, "Run");
        List<List<String>> settings = new java.util.ArrayList<>(List.of(
                List.of("recipe file", recipe.file()),
                List.of("recipe sha256", recipe.hash()),
                List.of("model", report.model().source()),
                List.of("seed", Long.toString(report.seed())),
                List.of("data source", data.source()),
                List.of("samples: train / calibration / test", count(data.train()) + " / " + count(data.calibration())
                        + " / " + count(data.test())),
                List.of("classes, label 0 first", data.classes().map(names -> String.join(", ", names)).orElse("not recorded")),
                List.of("normalisation", data.normalisation().map(n -> "x = (pixel/255 - " + n.mean() + ") / " + n.std())
                        .orElse("not recorded")),
                List.of("report format", report.format())));
        data.calibrationData().ifPresent(c -> settings.add(6, List.of("statistics streamed from",
                c.source() + ": " + count(c.samples()) + " samples, the calibration split drawn from them")));
        doc.table(List.of("setting", "value"), settings);
        doc.code(recipe.text());

        doc.heading(2, "Checks");
        List<List<String>> checks = new ArrayList<>();
        for (PruneReport.Layer layer : layers) {
            PruneReport.Certificate c = layer.certificate();
            if (!c.applies()) {
                checks.add(List.of("certificate", layer.name(), "-", "-", "NOT APPLICABLE: " + c.why().orElse("")));
            } else {
                checks.add(List.of("certificate", layer.name(), count(c.bounds().map(List::size).orElse(0)),
                        count(c.violations().map(List::size).orElse(0)),
                        c.holds().orElse(false) ? "PASS" : "FAIL"));
            }
        }
        checks.add(List.of("Theorem 4", "whole network, per calibration sample", count(deep.samples()),
                count(deep.violations()), deep.holds() ? "PASS" : "FAIL"));
        doc.paragraph("certificate: per step the record chain, Lemma 3 (non-polish steps) and L_{k+1} <= B_{k+1}; checked = steps."
                + " Theorem 4: ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x); checked = samples.");
        doc.table(List.of("check", "layer", "checked", "violated", "verdict"), checks);

        layers(doc, layers);
        theorem4(doc, deep);
        return doc.toHtml("Winnow pruning report").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The summary card: what pruning bought (params, FLOPs, bytes on disk, latency) and what it cost
     * (accuracy after selection and after finetune, against the original, in percentage points).
     */
    private static void summary(ReportDocument doc, PruneReport report) {
        doc.heading(2, "Summary");
        PruneReport.Size size = report.size();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("params", count(size.paramsBefore()), count(size.paramsAfter()),
                percent(size.paramsAfter(), size.paramsBefore())));
        rows.add(List.of("FLOPs per sample", count(size.flopsBefore()), count(size.flopsAfter()),
                percent(size.flopsAfter(), size.flopsBefore())));
        Optional<Long> before = report.model().bytes();
        Optional<Long> after = report.digests().prunedModelBytes();
        rows.add(List.of("model file size", before.map(RunReport::bytes).orElse("-"), after.map(RunReport::bytes).orElse("-"),
                before.isPresent() && after.isPresent() ? percent(after.get(), before.get()) : "-"));
        report.latency().ifPresent(l -> {
            rows.add(List.of("latency, batch 1", ms(l.original().batch1Ms()), ms(l.pruned().batch1Ms()),
                    percent(l.pruned().batch1Ms(), l.original().batch1Ms()) + " (" + speedup(l.original().batch1Ms(),
                            l.pruned().batch1Ms()) + ")"));
            rows.add(List.of("latency, batch 256", ms(l.original().batch256Ms()), ms(l.pruned().batch256Ms()),
                    percent(l.pruned().batch256Ms(), l.original().batch256Ms()) + " (" + speedup(l.original().batch256Ms(),
                            l.pruned().batch256Ms()) + ")"));
        });
        doc.summary(List.of("size and speed", "original", "pruned", "pruned / original"), rows);
        if (before.isEmpty() || after.isEmpty()) {
            doc.paragraph("Model file size: not recorded; this report was written before Winnow recorded"
                    + " model.bytes and digests.prunedModelBytes.");
        }
        report.latency().ifPresentOrElse(l -> doc.paragraph("Latency: median of " + l.runs()
                        + " warm calls per batch size on the machine that ran the pruning, " + l.runtime() + ", " + l.threads()
                        + " threads, batch norm folded into the layer before it in both models."),
                () -> doc.paragraph("Latency: not recorded in this report."));

        PruneReport.Accuracy accuracy = report.accuracy();
        double original = accuracy.original().accuracy();
        List<List<String>> acc = new ArrayList<>();
        acc.add(evaluation("original", Optional.of(accuracy.original()), original));
        acc.add(evaluation("after selection", Optional.of(accuracy.afterSelection()), original));
        acc.add(evaluation("after finetune", accuracy.afterFinetune(), original));
        // Four columns fit a 390 px phone screen; the split and its size are the same for every row.
        doc.summary(List.of("model", "top-1", "change", "loss"), acc);
        doc.paragraph("Accuracy: top-1 and cross-entropy loss on the " + accuracy.original().split() + " split, "
                + count(accuracy.original().samples()) + " samples, for every row; change in percentage points"
                + " against the original.");
    }

    private static List<String> evaluation(String stage, Optional<PruneReport.Evaluation> evaluation, double original) {
        return evaluation.map(e -> List.of(stage, accuracyPercent(e.accuracy()),
                        stage.equals("original") ? "-" : points(e.accuracy() - original), fixed(e.loss())))
                .orElse(List.of(stage + " (not run)", "-", "-", "-"));
    }

    private static String ms(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f\u00a0ms", value);
    }

    /** "1.85x faster", or "1.20x slower" where the pruned model took longer. */
    private static String speedup(double before, double after) {
        return before >= after ? String.format(Locale.ROOT, "%.2fx faster", before / after)
                : String.format(Locale.ROOT, "%.2fx slower", after / before);
    }

    /** L of the weights kept: the path's end, or GFS's polished face when optimizeGamma kept that (report.json gfsComparison). */
    private static String finalLoss(PruneReport.Selection sel, double pathEnd) {
        boolean gfs = sel.gfsComparison().map(PruneReport.GfsComparison::gfsFaceKept).orElse(false);
        return gfs ? ProofReport.fmt(sel.finalLoss()) + " (GFS set)" : ProofReport.fmt(pathEnd);
    }

    private static void layers(ReportDocument doc, List<PruneReport.Layer> layers) throws IOException {
        doc.heading(2, "Selection per layer");
        doc.paragraph("log L_n against the step n for every layer selected greedily, L_0 = the best single neuron's loss. For"
                + " optimizeGamma layers the a-posteriori certificate L_0 prod_k (1 - r_k^2/D_k^2) is drawn over the measured curve"
                + " and must lie above it; polish steps (face steps: the exact minimiser of L on the kept set) are marked: Lemma 3 does not apply to them, they"
                + " only have to decrease L. Points at or below the loss slack (Slack.loss) are not drawn. The final L is that of the"
                + " weights kept; \"GFS set\" marks a layer where optimizeGamma kept GFS's polished set, lower than its own path's end."
                + " \"dead dropped\" counts the channels that had weight but were zero on every calibration sample: they change"
                + " nothing on the data and are left out of the pruned layer.");
        List<List<String>> rows = new ArrayList<>();
        List<String[]> figures = new ArrayList<>();
        Map<String, double[][]> contractions = new LinkedHashMap<>();
        for (PruneReport.Layer layer : layers) {
            String name = layer.name();
            if (layer.selection().isEmpty()) {
                rows.add(List.of(name, layer.stage(), count(layer.widthBefore()),
                        count(layer.widthAfter()), "-", "-", "-", "-", "-", "-"));
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
            String id = "chart-loss-" + (figures.size() + 1) + "-" + fileSafe(name);
            figures.add(new String[] {id, Charts.svg(Charts.layerPath(name + " (" + sel.rule() + ")", losses, bound,
                    polish, floor), id), "log L against step, " + name});
            rows.add(List.of(name, layer.stage(), count(layer.widthBefore()),
                    count(layer.widthAfter()), count(n), count(polishSteps), count(sel.deadDropped().size()),
                    ProofReport.fmt(losses[0]), finalLoss(sel, losses[n]), bound == null ? "-" : ProofReport.fmt(bound[n])));
        }
        doc.table(List.of("layer", "stage", "width before", "width after", "steps", "polish steps", "dead dropped", "L_0", "final L",
                "certificate"), rows);
        for (String[] f : figures) {
            doc.figure(f[0], f[1], f[2]);
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
            doc.figure("chart-contraction", Charts.svg(Charts.layerContractions(contractions), "chart-contraction"),
                    "contraction factor L_{k+1}/L_k against 1 - r_k^2/D_k^2, every layer");
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

    private static void theorem4(ReportDocument doc, PruneReport.Theorem4 deep) throws IOException {
        doc.heading(2, "Theorem 4: the whole network");
        PruneReport.Tightness t = deep.tightness();
        doc.paragraph("On every calibration sample ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x), with K_j the Lipschitz"
                + " constants of the original blocks and e_l the local error at block l on the pruned network's input (docs/theory.md"
                + " section 4). Network: " + deep.network() + ". Samples: " + count(deep.samples())
                + ", violations: " + count(deep.violations()) + ". Tightness lhs/rhs: min " + ProofReport.fmt(t.min())
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
        doc.figure("chart-theorem4-tightness", Charts.svg(Charts.tightnessHistogramChart(
                "Theorem 4 tightness per calibration sample", lhs, rhs, false), "chart-theorem4-tightness"),
                "histogram of log10(lhs/rhs) over the calibration samples; the bound is attained at 0"
                        + (t.max() > 0 ? ", and the largest ratio is " + ProofReport.fmt(t.max()) + ", log10 "
                        + String.format(Locale.ROOT, "%.2f", Math.log10(t.max())) : ""));
        doc.figure("chart-theorem4-scatter", Charts.svg(Charts.tightnessScatter("Theorem 4: discrepancy against its bound",
                lhs, rhs), "chart-theorem4-scatter"), "||F^(x) - F(x)|| against its bound, one point per calibration sample");
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

    /** after / before as `winnow prune` prints it: "50.0%". */
    static String percent(double after, double before) {
        return before == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * after / before);
    }

    /** A top-1 accuracy as `winnow eval` prints it: "97.25%". */
    static String accuracyPercent(double accuracy) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }

    /** A change of top-1 accuracy in percentage points, signed: "-1.25 points", "+0.10 points". */
    static String points(double change) {
        double p = 100 * change;
        return String.format(Locale.ROOT, "%+.2f\u00a0points", Math.abs(p) < 0.005 ? 0.0 : p);
    }

    /** An integer with thousands separators: "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes on disk in binary units, e.g. "12.3 KiB", "4.56 MiB"; number and unit joined by a no-break space, as in ms and points. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + "\u00a0bytes";
        }
        if (n < 1024L * 1024) {
            return String.format(Locale.ROOT, "%,.1f\u00a0KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%,.2f\u00a0MiB", n / (1024.0 * 1024));
    }
}
