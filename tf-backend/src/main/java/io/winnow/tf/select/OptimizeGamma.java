package io.winnow.tf.select;

import io.winnow.dsl.StepRule;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Greedy selection with an optimised step (the paper's rule, method.md section 2; docs/theory.md
 * section 2). From the best single neuron, each step picks the pair (i, gamma) that minimises
 * L((1 - gamma) f_k + gamma N phi_i) over all i and all gamma in U_i = [-a_i/(1-a_i), 1].
 * A negative gamma is an away step; at the lower end of U_i it drops neuron i.
 */
public final class OptimizeGamma {

    private OptimizeGamma() {
    }

    public static Selection select(Gram gram, Stop stop) {
        int n = gram.width();
        if (stop.count().isPresent() && stop.count().getAsInt() > n) {
            throw new IllegalArgumentException("cannot keep " + stop.count().getAsInt() + " of " + n + " neurons");
        }
        Path path = new Path(gram);
        int start = bestSingleNeuron(path, n);
        path.step(start, 1);
        double initialLoss = path.loss();
        List<SelectionStep> steps = new ArrayList<>();
        StopReason reason = run(path, stop, gram.emptyLoss(), steps);
        return new Selection(StepRule.OPTIMIZE_GAMMA, n, gram.dimension(), OptionalInt.of(start),
                gram.emptyLoss(), initialLoss, gram.lossScale(), steps, path.weights(), reason);
    }

    /** f_0 = N phi_i with the smallest L(N phi_i): the gamma = 1 step from f = 0. */
    private static int bestSingleNeuron(Path empty, int n) {
        int best = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double loss = empty.lossAfter(i, 1);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = i;
            }
        }
        return best;
    }

    private static StopReason run(Path path, Stop stop, double emptyLoss, List<SelectionStep> steps) {
        int n = path.width();
        for (int k = 0; ; k++) {
            double loss = path.loss();
            if (stop.reached(path.support(), loss, emptyLoss)) {
                return stop.reason(path.support(), loss, emptyLoss);
            }
            if (k >= stop.maxSteps()) {
                return StopReason.MAX_STEPS;
            }
            if (path.residualSq() == 0) {
                return StopReason.EXACT;
            }
            int bestNeuron = -1;
            double bestGamma = 0;
            double bestDecrease = 0;
            for (int i = 0; i < n; i++) {
                double ai = path.weight(i);
                if (ai == 1) {
                    continue;
                }
                double dSq = path.directionSq(i);
                if (dSq == 0) {
                    continue;
                }
                double inner = path.towardInner(i);
                // gamma_i = clip(<r, d_i> / ||d_i||^2, -a_i/(1-a_i), 1): the exact minimiser of the
                // 1-D quadratic ||r - gamma d_i||^2 on U_i (method.md section 2, closed form).
                double gamma = Math.min(1, Math.max(Path.lowerEnd(ai), inner / dSq));
                double decrease = 2 * gamma * inner - gamma * gamma * dSq;
                if (decrease > bestDecrease) {
                    bestDecrease = decrease;
                    bestNeuron = i;
                    bestGamma = gamma;
                }
            }
            if (bestNeuron < 0) {
                return StopReason.NO_DECREASE;
            }
            double margin = path.margin();
            double diameter = path.diameter();
            path.step(bestNeuron, bestGamma);
            steps.add(new SelectionStep(k, bestNeuron, bestGamma, loss, path.loss(), margin, diameter,
                    bestGamma < 0, path.support()));
        }
    }
}
