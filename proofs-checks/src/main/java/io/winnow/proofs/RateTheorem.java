package io.winnow.proofs;

import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The exponential rate (docs/theory.md section 3; docs/theory.md section 3.4):
 * L_n <= L_0 exp(-n r^2/D^2) with D = max_k D_k over the path. It follows from Lemma 3 because
 * prod_k (1 - r^2/D_k^2) <= (1 - r^2/D^2)^n <= exp(-n r^2/D^2); the check evaluates it after
 * every step, with n the number of greedy steps so far: polish steps (docs/theory.md section 2)
 * only promise L_{k+1} <= L_k, so they leave the bound where it was.
 */
public final class RateTheorem {

    static final String STATEMENT = "Theorem: L_n <= L_0 exp(-n r^2/D^2)";

    private RateTheorem() {
    }

    public static CheckResult check(String layer, Selection selection, double inradius) {
        Lemma3.requireOptimizeGamma(selection);
        double d = pathDiameter(selection);
        double rate = inradius * inradius / (d * d);
        // Each step may add one loss slack (Lemma 3 holds up to it), so n steps may add n.
        double perStep = Slack.loss(selection.lossScale());
        List<Violation> violations = new ArrayList<>();
        int n = 0;
        int index = 0;
        for (SelectionStep step : selection.steps()) {
            index++;
            if (!step.polish()) {
                n++;
            }
            double bound = selection.initialLoss() * Math.exp(-n * rate);
            // Every step, greedy or polish, may add one rounding slack.
            double slack = index * perStep;
            if (!(step.lossAfter() <= bound + slack)) {
                violations.add(new Violation(layer, index, STATEMENT, step.lossAfter(), bound, slack));
            }
        }
        return new CheckResult("Theorem (rate)", index, 0, violations);
    }

    /** D = max_k D_k, the diameter over the path (docs/theory.md section 3). */
    public static double pathDiameter(Selection selection) {
        double d = 0;
        for (SelectionStep step : selection.steps()) {
            d = Math.max(d, step.diameter());
        }
        return d;
    }
}
