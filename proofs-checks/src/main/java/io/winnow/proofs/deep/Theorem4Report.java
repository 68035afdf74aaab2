package io.winnow.proofs.deep;

import io.winnow.report.PruneReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Theorem 4 section of a pruning report.json (docs/theory.md section 4): the constants K_l,
 * the tightness, and per sample ||F^(x) - F(x)|| and its bound, so {@code winnow verify} can
 * re-check the inequality from the record alone.
 */
public final class Theorem4Report {

    /** Violations listed in full in the report; the count is always exact. */
    static final int LISTED = 20;

    private Theorem4Report() {
    }

    /** The report with Theorem 4's result on {@code what}, the network checked. */
    public static PruneReport attach(PruneReport report, Theorem4Result result, String what) {
        return report.withTheorem4(of(result, what));
    }

    /** The report's Theorem 4 section for {@code result}; {@code what} names the network checked. */
    public static PruneReport.Theorem4 of(Theorem4Result result, String what) {
        List<PruneReport.Block> blocks = new ArrayList<>();
        double[] local = result.meanLocalErrors();
        for (int l = 0; l < result.constants().size(); l++) {
            BlockLipschitz k = result.constants().get(l);
            blocks.add(new PruneReport.Block(String.join(",", k.block().layers()), k.bound(), k.converged(), local[l]));
        }
        Theorem4Result.Tightness t = result.tightness();
        var tightness = new PruneReport.Tightness(t.min(), t.median(), t.max(),
                Arrays.stream(t.histogram()).boxed().toList());
        List<PruneReport.SampleViolation> listed = result.violations().take(LISTED)
                .map(v -> new PruneReport.SampleViolation(v.sample(), v.lhs(), v.rhs(), v.slack())).asJava();
        return new PruneReport.Theorem4(what, result.samples(), result.holds(), Theorem4Check.RELATIVE_SLACK,
                Theorem4Check.LOGIT_SLACK, result.meanDiscrepancy(), result.meanBound(), blocks, tightness,
                result.violations().size(), listed, boxed(result.lhs()), boxed(result.rhs()),
                boxed(result.logitNorms()), boxed(result.slack()));
    }

    /** Re-checks the recorded samples: lhs <= rhs + slack, with each sample's recorded slack. */
    public static List<String> recheck(PruneReport report) {
        PruneReport.Theorem4 node = report.theorem4();
        List<String> problems = new ArrayList<>();
        List<Double> lhs = node.lhs();
        List<Double> rhs = node.rhs();
        List<Double> slack = node.slack();
        if (lhs.size() != rhs.size() || slack.size() != lhs.size()) {
            problems.add("theorem4: the lhs, rhs and slack lists are of different lengths");
            return problems;
        }
        int recordedViolations = node.violations();
        int found = 0;
        for (int s = 0; s < lhs.size(); s++) {
            double l = lhs.get(s);
            double r = rhs.get(s);
            if (!(l <= r + slack.get(s))) {
                found++;
                if (found <= LISTED) {
                    problems.add("theorem4: sample " + s + ": ||F^(x) - F(x)|| = " + l + " > bound " + r);
                }
            }
        }
        if (found > recordedViolations) {
            problems.add("theorem4: " + found + " sample(s) exceed the bound, the report records "
                    + recordedViolations);
        } else if (recordedViolations > 0) {
            problems.add("theorem4: the report records " + recordedViolations + " violated sample(s)");
        }
        return problems;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
