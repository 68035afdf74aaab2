package io.winnow.proofs.report;

import io.vavr.collection.List;
import io.winnow.proofs.CheckResult;
import io.winnow.proofs.Violation;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.engine.model.Evaluation;
import java.time.Duration;
import java.util.ArrayList;

/**
 * What the deep section measured on one network.
 *
 * @param data     the data as the run described it, calibration included
 * @param trained  the trained network on the test split
 * @param curve    the bound at each ratio of {@link DeepCase#ratios()}, in that order
 * @param training wall time of training
 * @param checking wall time of pruning at every ratio and checking the bound
 */
public record DeepResult(DeepCase spec, String data, Evaluation trained, List<Theorem4Check.CurvePoint> curve,
        Duration training, Duration checking) {

    public static final String THEOREM_4 = "Theorem 4";
    static final String INEQUALITY = "Theorem 4: ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x)";

    /** The network pruned at the main ratio. */
    public Theorem4Check.CurvePoint main() {
        return curve.find(p -> p.ratio() == spec.mainRatio()).get();
    }

    /** One check result per pruned network: every calibration sample is one inequality. */
    public java.util.List<CheckResult> checks() {
        java.util.List<CheckResult> out = new ArrayList<>();
        for (Theorem4Check.CurvePoint p : curve) {
            Theorem4Result r = p.result();
            java.util.List<Violation> violations = r.violations()
                    .map(v -> new Violation(spec.name() + " ratio " + p.ratio() + " sample " + v.sample(), -1, INEQUALITY,
                            v.lhs(), v.rhs(), v.slack()))
                    .toJavaList();
            out.add(new CheckResult(THEOREM_4, r.samples(), 0, violations));
        }
        return out;
    }
}
