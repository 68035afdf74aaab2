package io.winnow.proofs;

import io.winnow.dsl.StepRule;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Lemma 3 (docs/theory.md section 3; docs/theory.md section 3.3): the optimise-gamma step satisfies
 * L_{k+1} <= (1 - r_k^2/D_k^2) L_k, and with Lemma 2, L_{k+1} <= (1 - r^2/D_k^2) L_k, which
 * implies the form of docs/theory.md section 3 with D >= D_k. Only optimizeGamma makes this promise: fixedGamma's
 * step 1/(n+1) is not a line search.
 *
 * <p>Polish steps ({@link SelectionStep#polish()}: candidates restricted to the kept neurons) are
 * not greedy steps and Lemma 3 is not claimed for them; for them only the monotone decrease
 * L_{k+1} <= L_k is checked, which every exact line-search step satisfies (docs/theory.md 3.3).
 */
public final class Lemma3 {

    static final String OBSERVED = "Lemma 3: L_{k+1} <= (1 - r_k^2/D_k^2) L_k";
    static final String A_PRIORI = "Lemma 3: L_{k+1} <= (1 - r^2/D_k^2) L_k";
    static final String MONOTONE = "polish: L_{k+1} <= L_k";

    private Lemma3() {
    }

    /** Both inequalities when r is known; the first alone otherwise. */
    public static CheckResult check(String layer, Selection selection, OptionalDouble inradius) {
        requireOptimizeGamma(selection);
        double slack = Slack.loss(selection.lossScale());
        List<Violation> violations = new ArrayList<>();
        int checked = 0;
        int skipped = 0;
        for (SelectionStep step : selection.steps()) {
            if (step.polish()) {
                // Lemma 3 is skipped (counted), the decrease a polish step does promise is checked.
                skipped++;
                if (!(step.lossAfter() <= step.lossBefore() + slack)) {
                    violations.add(new Violation(layer, step.k(), MONOTONE, step.lossAfter(), step.lossBefore(), slack));
                }
                continue;
            }
            checked++;
            double observed = contraction(step.margin(), step.diameter()) * step.lossBefore();
            if (!(step.lossAfter() <= observed + slack)) {
                violations.add(new Violation(layer, step.k(), OBSERVED, step.lossAfter(), observed, slack));
            }
            if (inradius.isPresent()) {
                checked++;
                double apriori = contraction(inradius.getAsDouble(), step.diameter()) * step.lossBefore();
                if (!(step.lossAfter() <= apriori + slack)) {
                    violations.add(new Violation(layer, step.k(), A_PRIORI, step.lossAfter(), apriori, slack));
                }
            }
        }
        return new CheckResult("Lemma 3", checked, skipped, violations);
    }

    /** 1 - r^2/D^2, the per-step contraction factor of Lemma 3. */
    static double contraction(double margin, double diameter) {
        return 1 - (margin * margin) / (diameter * diameter);
    }

    static void requireOptimizeGamma(Selection selection) {
        if (selection.rule() != StepRule.OPTIMIZE_GAMMA) {
            throw new IllegalArgumentException("Lemma 3 and the certificate speak of optimizeGamma runs, not " + selection.rule().word());
        }
    }
}
