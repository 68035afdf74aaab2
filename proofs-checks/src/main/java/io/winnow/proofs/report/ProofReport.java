package io.winnow.proofs.report;

import io.winnow.common.output.Staging;

import io.winnow.proofs.Certificate;
import io.winnow.proofs.CheckResult;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.Instance;
import io.winnow.proofs.Lemma1;
import io.winnow.proofs.RateTheorem;
import io.winnow.proofs.Slack;
import io.winnow.proofs.Slopes;
import io.winnow.proofs.Violation;
import io.winnow.engine.select.Selection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The bound report ({@code winnow prove}, issue 5): runs the one-layer checks of docs/theory.md
 * section 3 over seeded random instances, measures the rates, and writes index.html and
 * index.md (the same content) with PNG plots into a report directory. Every number in the report
 * comes from the run. docs/proofs.md explains how to read it.
 */
public final class ProofReport {

    /** The kind recorded in a report directory's output marker. */
    public static final String KIND = "report";

    /** The seeds of the loss-curve instances are spread by this prime from the report seed. */
    private static final long CURVE_SEED_STRIDE = 7919;
    /** At most this many violations are listed in the report (all are counted). */
    static final int MAX_LISTED_VIOLATIONS = 200;

    private ProofReport() {
    }

    /** The report; {@code deep} trains, prunes and checks the networks of the deep section. */
    public static ReportResult run(ReportConfig config, DeepRunner deep) {
        return run(config, deep, UnaryOperator.identity());
    }

    /**
     * The same, with every optimizeGamma run passed through {@code beforeChecks} before it is
     * checked. Production passes the identity; tests feed a corrupted run to see it reported.
     */
    public static ReportResult run(ReportConfig config, DeepRunner deepRunner, UnaryOperator<Selection> beforeChecks) {
        long start = System.nanoTime();
        CheckRunner runner = new CheckRunner(beforeChecks);
        SplittableRandom rng = new SplittableRandom(config.seed());
        int instances = 0;
        for (int t = 0; t < config.lowDimChecks(); t++, instances++) {
            int m = 2 + rng.nextInt(2);
            runner.check(Instance.gaussian(m, 3 + rng.nextInt(config.maxCheckWidth() - 2), rng.nextLong()));
        }
        for (int t = 0; t < config.highDimChecks(); t++, instances++) {
            int m = 4 + rng.nextInt(config.maxHighDim() - 3);
            runner.check(Instance.gaussian(m, 3 + rng.nextInt(config.maxCheckWidth() - 2), rng.nextLong()));
        }
        List<LossCurve> curves = new ArrayList<>();
        for (int m : config.curveDims()) {
            Instance instance = Instance.gaussian(m, config.curveWidth(), config.seed() + CURVE_SEED_STRIDE * m);
            curves.add(lossCurve(instance, runner.check(instance)));
            instances++;
        }
        List<Lemma1.CurvePoint> plane = Lemma1.curve(2, config.lemma1Widths2(), config.seed());
        List<Lemma1.CurvePoint> space = Lemma1.curve(3, config.lemma1Widths3(), config.seed());
        List<Slopes.Row> slopes = Slopes.grid(config.slopeWidths(), config.slopeDims(), config.seed());
        Map<String, List<CheckResult>> results = new LinkedHashMap<>(runner.results());
        List<DeepResult> deep = new ArrayList<>();
        for (DeepCase spec : config.deep()) {
            DeepResult result = deepRunner.run(spec, config.seed());
            deep.add(result);
            results.computeIfAbsent(DeepResult.THEOREM_4, k -> new ArrayList<>()).addAll(result.checks());
        }
        return new ReportResult(config, results, instances, curves, runner.contractions(), plane, space, slopes, deep,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Plot (a)'s data from one checked optimizeGamma run, cut where L reaches the loss slack. */
    static LossCurve lossCurve(Instance instance, Selection optimized) {
        OptionalDouble r = CheckRunner.exactInradius(instance);
        double floor = Slack.loss(optimized.lossScale());
        double[] losses = optimized.losses();
        int last = 0;
        while (last + 1 < losses.length && losses[last + 1] > floor) {
            last++;
        }
        double[] measured = Arrays.copyOf(losses, last + 1);
        Certificate certificate = Certificate.of(instance.name(), optimized, r);
        double[] bound = new double[last + 1];
        bound[0] = certificate.initialLoss();
        for (int k = 0; k < last; k++) {
            bound[k + 1] = certificate.entries().get(k).bound();
        }
        double d = RateTheorem.pathDiameter(optimized);
        double[] aPriori = null;
        if (r.isPresent()) {
            double rate = r.getAsDouble() * r.getAsDouble() / (d * d);
            aPriori = new double[last + 1];
            for (int n = 0; n <= last; n++) {
                aPriori[n] = losses[0] * Math.exp(-n * rate);
            }
        }
        double[] fixed = CheckRunner.fixedGamma(instance).losses();
        return new LossCurve(instance.name(), instance.width(), instance.dimension(), measured, bound, aPriori, fixed, r, d, floor);
    }

    /** Writes the plots, then index.md and index.html, into the (staging) report directory. */
    public static void write(ReportResult result, Staging dir) throws IOException {
        long start = System.nanoTime();
        List<String> curveFiles = new ArrayList<>();
        for (LossCurve curve : result.curves()) {
            String file = "loss-N" + curve.width() + "-m" + curve.dimension() + ".png";
            dir.write(file, Charts.lossCurve(curve));
            curveFiles.add(file);
        }
        dir.write("contraction.png", Charts.contractions(result.contractions()));
        dir.write("lemma1.png", Charts.lemma1(result.lemma1Plane(), result.lemma1Space()));
        dir.write("slopes.png", Charts.slopes(result.slopes()));
        for (DeepResult deep : result.deep()) {
            Theorem4Check.CurvePoint main = deep.main();
            String name = deep.spec().name();
            dir.write(deepFile(name, "tightness"), Charts.tightnessHistogram("(f) " + name + ", ratio " + main.ratio()
                    + ": Theorem 4 tightness per calibration sample", main.result().lhs(), main.result().rhs()));
            double[] ratios = deep.curve().map(Theorem4Check.CurvePoint::ratio).toJavaStream().mapToDouble(Double::doubleValue).toArray();
            double[] lhs = deep.curve().map(Theorem4Check.CurvePoint::meanDiscrepancy).toJavaStream().mapToDouble(Double::doubleValue).toArray();
            double[] rhs = deep.curve().map(Theorem4Check.CurvePoint::meanBound).toJavaStream().mapToDouble(Double::doubleValue).toArray();
            dir.write(deepFile(name, "width"), Charts.widthCurve("(f) " + name + ": final discrepancy against per-layer width",
                    ratios, lhs, rhs));
        }
        Duration charts = Duration.ofNanos(System.nanoTime() - start);
        ReportDocument doc = document(result, curveFiles, charts);
        dir.write("index.md", doc.toMarkdown().getBytes(StandardCharsets.UTF_8));
        dir.write("index.html", doc.toHtml("Winnow bound report").getBytes(StandardCharsets.UTF_8));
    }

    static ReportDocument document(ReportResult result, List<String> curveFiles, Duration charts) {
        ReportConfig c = result.config();
        ReportDocument doc = new ReportDocument();
        doc.heading(1, "Winnow bound report");
        doc.paragraph("Overall: " + (result.holds() ? "PASS, every evaluated inequality held." : "FAIL, some inequality was violated (listed below).")
                + " Checks of docs/theory.md section 3 on one-layer instances and of section 4 (Theorem 4) on small pruned networks; see docs/proofs.md for how to read this report and docs/theory.md for the statements.");
        doc.table(List.of("setting", "value"), List.of(
                List.of("grid", c.quick() ? "quick" : "full"),
                List.of("seed", Long.toString(c.seed())),
                List.of("check instances", result.instances() + ": " + c.lowDimChecks() + " Gaussian with m in {2, 3} and N in 3.."
                        + c.maxCheckWidth() + "; " + c.highDimChecks() + " Gaussian with m in 4.." + c.maxHighDim() + " and N in 3.."
                        + c.maxCheckWidth() + "; " + c.curveDims().length + " loss-curve instances"),
                List.of("loss-curve instances (a)", "N = " + c.curveWidth() + ", m in " + ints(c.curveDims())),
                List.of("Lemma 1 curve (c)", "phi_i uniform in [0,1]^m; m = 2: N in " + ints(c.lemma1Widths2()) + "; m = 3: N in " + ints(c.lemma1Widths3())),
                List.of("slope grid (d)", "N in " + ints(c.slopeWidths()) + " x m in " + ints(c.slopeDims())),
                List.of("deep networks (f)", c.deep().isEmpty() ? "none" : c.deep().stream().map(d -> d.name() + " ("
                        + d.epochs() + " epoch(s) on " + d.dataName() + ", " + d.calibration() + " calibration samples, ratios "
                        + Arrays.toString(d.ratios()) + ")").collect(Collectors.joining("; "))),
                List.of("slack", "Slack.loss = " + Slack.RELATIVE + " * lossScale + " + Slack.ABSOLUTE
                        + " per loss (n of them after n steps); Slack.margin for r_k (Lemma 2)"),
                List.of("time", seconds(result.elapsed()) + " checks and measurements, " + seconds(charts) + " charts")));

        doc.heading(2, "(e) Checks: pass / fail / skipped");
        doc.paragraph("One row per checked statement. checked = inequalities evaluated; held = checked - violated; skipped = inequalities not"
                + " resolvable in double precision (L_k within the slack of 0, so r_k is undefined). Lemma 1, Lemma 2 and the rate"
                + " theorem need the exact r and run on the m <= 3 instances only; Lemma 2 runs on both rules (fixedGamma from k = 1)."
                + " Theorem 4: runs = pruned networks of section (f), checked = calibration samples over all of them.");
        List<List<String>> rows = new ArrayList<>();
        for (CheckTally t : result.tallies()) {
            rows.add(List.of(t.check(), Integer.toString(t.runs()), Long.toString(t.checked()), Long.toString(t.held()),
                    Long.toString(t.violated()), Long.toString(t.skipped()), Integer.toString(t.failedRuns()), t.verdict()));
        }
        doc.table(List.of("check", "runs", "checked", "held", "violated", "skipped", "runs failing", "verdict"), rows);
        violations(doc, result);

        doc.heading(2, "(a) Loss against n");
        doc.paragraph("Measured L_n of optimizeGamma and fixedGamma on log axes, with the a-posteriori certificate L_0 prod_k (1 - r_k^2/D_k^2)"
                + " and, where r is computed (m <= 3), the a-priori bound L_0 exp(-n r^2/D^2) (D = max_k D_k on the path). The bounds"
                + " must lie above the optimizeGamma curve. Points at or below the loss slack are not drawn.");
        List<List<String>> curveRows = new ArrayList<>();
        for (LossCurve curve : result.curves()) {
            double r = curve.inradius().orElse(Double.NaN);
            curveRows.add(List.of(curve.instance(), Integer.toString(curve.width()), Integer.toString(curve.dimension()), fmt(r),
                    fmt(curve.pathDiameter()), fmt(r / curve.pathDiameter()), fmt(curve.optimizeGamma()[0]),
                    Integer.toString(curve.optimizeGamma().length - 1), fmt(last(curve.optimizeGamma())), fmt(last(curve.certificate())),
                    curve.aPriori() == null ? "-" : fmt(last(curve.aPriori()))));
        }
        doc.table(List.of("instance", "N", "m", "r", "D", "r/D", "L_0", "steps drawn", "L_n", "certificate", "a-priori"), curveRows);
        for (int i = 0; i < curveFiles.size(); i++) {
            doc.image(curveFiles.get(i), "log L against n, " + result.curves().get(i).instance());
        }

        doc.heading(2, "(b) Contraction per step");
        List<ContractionPoint> points = result.contractions();
        double worst = points.stream().mapToDouble(p -> p.ratio() - p.bound()).max().orElse(Double.NaN);
        long above = points.stream().filter(p -> p.ratio() > p.bound()).count();
        long beyondSlack = points.stream().filter(ContractionPoint::aboveBound).count();
        doc.paragraph("Every optimizeGamma step of every checked instance with L_k above 1000 loss slacks: the measured factor L_{k+1}/L_k"
                + " against Lemma 3's bound 1 - r_k^2/D_k^2. Lemma 3 says every point lies on or below the diagonal. Steps drawn: "
                + points.size() + "; above the diagonal: " + above + " (largest ratio - bound: " + fmt(worst) + "), of which beyond the"
                + " loss slack (Slack.loss / L_k): " + beyondSlack + ". Points above the diagonal within the slack are rounding.");
        doc.image("contraction.png", "contraction factor against 1 - r_k^2/D_k^2");

        doc.heading(2, "(c) Lemma 1: inradius against N");
        doc.paragraph("phi_i uniform in [0,1]^m, one seeded instance per N. M = N conv{phi_i}, so the scale-free quantities are r/N"
                + " (tends to 1/2) and r/D (tends to 1/(2 sqrt m)); Lemma 1 says they stay bounded away from 0 as N grows.");
        List<List<String>> lemma1Rows = new ArrayList<>();
        lemma1Rows(lemma1Rows, 2, result.lemma1Plane());
        lemma1Rows(lemma1Rows, 3, result.lemma1Space());
        doc.table(List.of("m", "N", "r", "D", "r/N", "r/D"), lemma1Rows);
        doc.image("lemma1.png", "r/N and r/D against N");

        doc.heading(2, "(d) Slopes over the (N, m) grid");
        doc.paragraph("optimizeGamma: least-squares slope of log L_n on n while L_n is above 1000 loss slacks (exponential regime: a"
                + " clearly negative slope, a straight line in (a)). Next to it the certificate rate, mean log(1 - r_k^2/D_k^2) over the"
                + " same steps, and (m <= 3) the a-priori rate log(1 - r^2/D^2); every L_n lies below the certificate, but the"
                + " least-squares slope is a fit, not the mean log decrease, so it can sit slightly above the certificate rate."
                + " fixedGamma: slope of log L_n on log n for n <= N/4 (GFS: about -1, steeper when"
                + " over-parameterised). As m approaches N the optimizeGamma slope flattens: docs/theory.md section 3's caveat (r/D ~ 1/N"
                + " when m >= N).");
        List<List<String>> slopeRows = new ArrayList<>();
        for (Slopes.Row row : result.slopes()) {
            double ratio = (double) row.dimension() / row.width();
            slopeRows.add(List.of(Integer.toString(row.width()), Integer.toString(row.dimension()), fmt(ratio), regime(row),
                    fmt(row.optimizeGammaSlope()), Integer.toString(row.optimizeSteps()), fmt(Math.log(10) / -row.optimizeGammaSlope()),
                    fmt(row.certificateSlope()), fmt(row.aPrioriSlope()), fmt(row.fixedGammaSlope())));
        }
        doc.table(List.of("N", "m", "m/N", "regime", "optimizeGamma slope (log L per step)", "steps fitted", "steps per decade of L",
                "certificate rate", "a-priori rate", "fixedGamma log-log slope"), slopeRows);
        doc.image("slopes.png", "optimizeGamma slope against m/N");
        deep(doc, result);
        return doc;
    }

    static String deepFile(String network, String what) {
        return "deep-" + network.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + what + ".png";
    }

    /** Section (f): Theorem 4 on networks pruned by local imitation (docs/theory.md section 4). */
    private static void deep(ReportDocument doc, ReportResult result) {
        if (result.deep().isEmpty()) {
            return;
        }
        doc.heading(2, "(f) Deep networks: Theorem 4");
        doc.paragraph("Each network is trained briefly, then pruned by local imitation (optimizeGamma) keeping the same fraction of"
                + " every prunable layer's width, selected on the calibration samples. On every calibration sample Theorem 4 says"
                + " ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x), K_j the Lipschitz constants of the original blocks (power"
                + " iteration, docs/theory.md section 4), e_l the local error of block l on the pruned network's input. A violation on"
                + " any sample is a bug; the Theorem 4 row of table (e) counts every sample of every pruned network. Tightness ="
                + " lhs/rhs (1: the bound is attained). The histogram is over log10(lhs/rhs) at the main ratio; the width curve"
                + " shows the mean discrepancy and the mean bound against the fraction kept.");
        List<List<String>> models = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (DeepResult deep : result.deep()) {
            DeepCase spec = deep.spec();
            models.add(List.of(spec.name(), spec.arch().name(), spec.dataName(), Integer.toString(spec.epochs()), deep.data(),
                    String.format(Locale.ROOT, "%.4f", deep.trained().accuracy()), seconds(deep.training()), seconds(deep.checking())));
            for (Theorem4Check.CurvePoint p : deep.curve()) {
                rows.add(List.of(spec.name(), fmt(p.ratio()), p.widths().map(w -> w._1 + " " + w._2).mkString(", "),
                        Integer.toString(p.result().samples()), fmt(p.meanDiscrepancy()), fmt(p.meanBound()),
                        fmt(p.tightness().min()), fmt(p.tightness().median()), fmt(p.tightness().max()),
                        Integer.toString(p.violations())));
            }
        }
        doc.table(List.of("network", "architecture", "data", "epochs", "split", "test accuracy", "training", "pruning and checks"),
                models);
        doc.table(List.of("network", "ratio kept", "widths after", "samples", "mean ||F^ - F||", "mean bound", "lhs/rhs min",
                "median", "max", "violations"), rows);
        for (DeepResult deep : result.deep()) {
            doc.image(deepFile(deep.spec().name(), "tightness"), "Theorem 4 tightness histogram, " + deep.spec().name());
            doc.image(deepFile(deep.spec().name(), "width"), "final discrepancy against per-layer width, " + deep.spec().name());
        }
    }

    private static void violations(ReportDocument doc, ReportResult result) {
        List<List<String>> rows = new ArrayList<>();
        int total = 0;
        for (CheckTally t : result.tallies()) {
            for (Violation v : t.violations()) {
                total++;
                if (rows.size() < MAX_LISTED_VIOLATIONS) {
                    rows.add(List.of(t.check(), v.layer(), Integer.toString(v.step()), v.inequality(), fmt(v.lhs()), fmt(v.rhs()), fmt(v.slack())));
                }
            }
        }
        if (total == 0) {
            return;
        }
        doc.heading(2, "Violations");
        doc.paragraph(total + " violations" + (total > rows.size() ? ", the first " + rows.size() + " listed" : "")
                + ". Each is lhs <= rhs + slack failing.");
        doc.table(List.of("check", "layer / instance", "step", "inequality", "lhs", "rhs", "slack"), rows);
    }

    private static void lemma1Rows(List<List<String>> rows, int m, List<Lemma1.CurvePoint> points) {
        for (Lemma1.CurvePoint p : points) {
            rows.add(List.of(Integer.toString(m), Integer.toString(p.width()), fmt(p.radius()), fmt(p.diameter()),
                    fmt(p.radiusOverWidth()), fmt(p.radiusOverDiameter())));
        }
    }

    /** Which side of docs/theory.md section 3's caveat a grid cell is on. */
    static String regime(Slopes.Row row) {
        if (row.dimension() <= CheckRunner.MAX_EXACT_DIMENSION) {
            return "m <= 3, r known";
        }
        return row.dimension() < row.width() ? "m < N" : "m >= N (weak)";
    }

    /** Every violation of the run with its check's name, for the command line. */
    public static List<String> violationLines(ReportResult result) {
        List<String> lines = new ArrayList<>();
        for (CheckTally t : result.tallies()) {
            for (Violation v : t.violations()) {
                lines.add(t.check() + ": " + v);
            }
        }
        return lines;
    }

    static String fmt(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4g", x);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String ints(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", ", "{", "}"));
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }
}
