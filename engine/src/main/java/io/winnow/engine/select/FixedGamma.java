package io.winnow.engine.select;

import io.winnow.dsl.StepRule;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Greedy forward selection with the fixed step of GFS (Ye et al. 2020; docs/theory.md section 2).
 * From f_0 = 0, step k adds the neuron i not yet kept that minimises L((1 - g) f_k + g N phi_i)
 * with g = 1/(n+1), n the neurons kept so far; every kept neuron ends with weight 1/n.
 * Candidates are scored exactly on G (the released code samples 50 candidates on one batch).
 */
public final class FixedGamma {

    private FixedGamma() {
    }

    public static Selection select(Gram gram, Stop stop) {
        int n = gram.width();
        if (stop.count().isPresent() && stop.count().getAsInt() > n) {
            throw new IllegalArgumentException("cannot keep " + stop.count().getAsInt() + " of " + n + " neurons");
        }
        GreedyPath path = new GreedyPath(gram);
        double initialLoss = path.loss();
        boolean[] kept = new boolean[n];
        List<SelectionStep> steps = new ArrayList<>();
        StopReason reason = null;
        for (int k = 0; reason == null; k++) {
            double loss = path.loss();
            if (stop.reached(k, loss, gram.emptyLoss())) {
                reason = stop.reason(k, loss, gram.emptyLoss());
            } else if (k == n) {
                reason = StopReason.ALL_NEURONS;
            } else if (k >= stop.maxSteps()) {
                reason = StopReason.MAX_STEPS;
            } else {
                double gamma = 1.0 / (k + 1);
                int best = -1;
                double bestLoss = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (kept[i]) {
                        continue;
                    }
                    double candidate = path.lossAfter(i, gamma);
                    if (candidate < bestLoss) {
                        bestLoss = candidate;
                        best = i;
                    }
                }
                // r_k and D_k are undefined at f_k = y*; NaN records that honestly.
                double margin = path.residualSq() == 0 ? Double.NaN : path.margin();
                double diameter = path.diameter();
                path.step(best, gamma);
                kept[best] = true;
                steps.add(new SelectionStep(k, best, gamma, loss, path.loss(), margin, diameter, false, path.support(), false));
            }
        }
        return new Selection(StepRule.FIXED_GAMMA, n, gram.dimension(), OptionalInt.empty(),
                gram.emptyLoss(), initialLoss, gram.lossScale(), steps, path.weights(), reason, Polish.Outcome.NOT_RUN)
                .withDeadDropped(gram);
    }
}
