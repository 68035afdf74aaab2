package io.winnow.proofs;

import io.winnow.dsl.StepRule;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Lemma 2 (docs/theory.md section 3; docs/theory.md section 3.2): for every f in M with f != y*,
 * max_i <y* - f, N phi_i - f> >= r ||y* - f||, i.e. the observed margin r_k >= r.
 * Checked at every recorded f_k that lies in M: every optimizeGamma step (f_0 = N phi_start),
 * and fixedGamma steps k >= 1 (its f_0 = 0 is not in M in general).
 */
public final class Lemma2 {

    static final String STATEMENT = "Lemma 2: r_k >= r";

    private Lemma2() {
    }

    public static CheckResult check(String layer, Selection selection, double inradius) {
        List<Violation> violations = new ArrayList<>();
        int checked = 0;
        int skipped = 0;
        for (SelectionStep step : selection.steps()) {
            if (selection.rule() == StepRule.FIXED_GAMMA && step.k() == 0) {
                continue;
            }
            double slack = marginSlack(selection, step);
            if (Double.isInfinite(slack) || Double.isNaN(step.margin())) {
                skipped++;
                continue;
            }
            checked++;
            if (!(step.margin() >= inradius - slack)) {
                violations.add(new Violation(layer, step.k(), STATEMENT, inradius, step.margin(), slack));
            }
        }
        return new CheckResult("Lemma 2", checked, skipped, violations);
    }

    static double marginSlack(Selection selection, SelectionStep step) {
        return Slack.margin(selection.lossScale(), selection.dimension(), step.lossBefore(), step.margin(), step.diameter());
    }
}
