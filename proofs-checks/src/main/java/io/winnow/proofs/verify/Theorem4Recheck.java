package io.winnow.proofs.verify;

import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.report.PruneReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Theorem 4's record re-checked (docs/theory.md section 4): one lhs, rhs, ||F(x)|| and slack per
 * calibration sample; each slack is relativeSlack * rhs + logitSlack * ||F(x)|| with the constants of
 * {@link Theorem4Check}; each verdict lhs <= rhs + slack, the violation count and list, the verdict,
 * the means and the tightness are recomputed from those lists. By linearity the mean bound equals
 * sum_l (prod_{j>l} K_j) mean_x e_l(x), which ties the rhs list to the recorded blocks.
 *
 * <p>What offline cannot check: that lhs, rhs and the K_l were measured on the model and data the
 * report names (the full mode re-measures them).
 */
final class Theorem4Recheck {

    /** Violations listed in full, as the writer lists them. */
    static final int LISTED = 20;
    /** Findings per list, so a wholly forged list stays readable. */
    private static final int SHOWN_SAMPLES = 5;

    private Theorem4Recheck() {
    }

    /** Returns the number of samples re-checked. */
    static int check(PruneReport report, Findings findings) {
        PruneReport.Theorem4 t = report.theorem4();
        String at = "$.theorem4";
        int n = t.samples();
        findings.expect(at + ".samples", n, report.data().calibration(), "Theorem 4 runs on the calibration split, "
                + "whose size $.data.calibration is");
        findings.exact(at + ".relativeSlack", t.relativeSlack(), Theorem4Check.RELATIVE_SLACK,
                "this Winnow's relative slack is");
        findings.exact(at + ".logitSlack", t.logitSlack(), Theorem4Check.LOGIT_SLACK, "this Winnow's logit slack is");
        boolean lengths = true;
        for (var list : List.of(new Named("lhs", t.lhs()), new Named("rhs", t.rhs()),
                new Named("logitNorms", t.logitNorms()), new Named("slack", t.slack()))) {
            if (list.values().size() != n) {
                findings.add(at + "." + list.name(), list.values().size() + " value(s)", "$.theorem4.samples says " + n);
                lengths = false;
            }
        }
        if (!t.holds()) {
            findings.add(at + ".holds", false, "and a report whose Theorem 4 check failed fails verification");
        }
        if (!lengths) {
            return 0;
        }
        double[] lhs = doubles(t.lhs());
        double[] rhs = doubles(t.rhs());
        List<PruneReport.SampleViolation> violations = new ArrayList<>();
        int shown = 0;
        for (int s = 0; s < n; s++) {
            double norm = t.logitNorms().get(s);
            if (lhs[s] < 0 || rhs[s] < 0 || norm < 0) {
                findings.add(at + ".samples[" + s + "]", "lhs " + lhs[s] + ", rhs " + rhs[s] + ", ||F(x)|| " + norm,
                        "norms and sums of norms are >= 0");
            }
            // The same expression as Theorem4Check.assess, so the value is the same bit for bit.
            double slack = t.relativeSlack() * rhs[s] + t.logitSlack() * norm;
            if (Double.compare(t.slack().get(s), slack) != 0 && shown++ < SHOWN_SAMPLES) {
                findings.add(at + ".slack[" + s + "]", t.slack().get(s), "relativeSlack * rhs + logitSlack * ||F(x)|| = "
                        + slack);
            }
            if (!(lhs[s] <= rhs[s] + slack)) {
                violations.add(new PruneReport.SampleViolation(s, lhs[s], rhs[s], slack));
                if (violations.size() <= SHOWN_SAMPLES) {
                    findings.add(at + ".lhs[" + s + "]", lhs[s], "which exceeds the bound rhs + slack = " + rhs[s]
                            + " + " + slack + ": Theorem 4 is violated on this sample");
                }
            }
        }
        findings.expect(at + ".violations", t.violations(), violations.size(), "the samples over their bound number");
        findings.expect(at + ".listedViolations", t.listedViolations(),
                violations.subList(0, Math.min(LISTED, violations.size())), "recomputed, the first " + LISTED + " are");
        findings.expect(at + ".holds", t.holds(), violations.isEmpty(), "recomputed, the verdict is");
        findings.exact(at + ".meanDiscrepancy", t.meanDiscrepancy(), mean(lhs), "the mean of $.theorem4.lhs is");
        findings.exact(at + ".meanBound", t.meanBound(), mean(rhs), "the mean of $.theorem4.rhs is");
        blocks(t, findings);
        Theorem4Result.Tightness tightness = Theorem4Result.Tightness.of(lhs, rhs);
        String by = "recomputed from lhs / rhs,";
        if (tightness.samples() > 0) {
            findings.exact(at + ".tightness.min", t.tightness().min(), tightness.min(), by);
            findings.exact(at + ".tightness.median", t.tightness().median(), tightness.median(), by);
            findings.exact(at + ".tightness.max", t.tightness().max(), tightness.max(), by);
        }
        findings.expect(at + ".tightness.histogram", t.tightness().histogram(),
                Arrays.stream(tightness.histogram()).boxed().toList(), by);
        return n;
    }

    /**
     * mean_x rhs(x) = sum_l (prod_{j>l} K_j) mean_x e_l(x): the rhs list and the blocks' constants and
     * mean local errors must agree, to rounding (relative 1e-9 of the sum's terms).
     */
    private static void blocks(PruneReport.Theorem4 t, Findings findings) {
        List<PruneReport.Block> blocks = t.blocks();
        double tail = 1;
        double sum = 0;
        double magnitude = 0;
        for (int l = blocks.size() - 1; l >= 0; l--) {
            PruneReport.Block b = blocks.get(l);
            if (!(b.lipschitz() >= 0) || !(b.meanLocalError() >= 0)) {
                findings.add("$.theorem4.blocks[" + l + "]", "K " + b.lipschitz() + ", mean e_l " + b.meanLocalError(),
                        "a Lipschitz bound and a mean of norms are >= 0");
            }
            sum += tail * b.meanLocalError();
            magnitude += Math.abs(tail * b.meanLocalError());
            tail *= b.lipschitz();
        }
        findings.near("$.theorem4.meanBound", t.meanBound(), sum, 1e-9 * magnitude + Double.MIN_NORMAL,
                "sum_l (prod_{j>l} K_j) mean e_l over $.theorem4.blocks is");
    }

    private record Named(String name, List<Double> values) {
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean as Theorem4Result computes it: summed in order, divided once. */
    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
