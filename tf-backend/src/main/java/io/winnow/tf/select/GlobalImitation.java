package io.winnow.tf.select;

import io.winnow.dsl.StepRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Greedy selection against the whole network's output (global imitation, method.md section 2;
 * docs/theory.md section 5). The loss L_glob(a) = E ||F_a(x) - F(x)||^2 is not a quadratic in a
 * with a Gram matrix, so each step takes one gradient of L_glob in the mixing weights (one
 * backward pass) and forward passes for the step size:
 * <ul>
 *   <li>optimizeGamma: the Frank-Wolfe vertex i = argmin_i dL/da_i (with the next
 *       {@value #TOWARD_CANDIDATES} - 1 by gradient) and the away candidate j = argmax over kept j of
 *       dL/da_j, each with gamma by {@link #lineSearch} on U_i = [-a_i/(1-a_i), 1]; the lowest
 *       measured L_glob wins. A step is taken only if it lowers the measured L_glob, so the recorded
 *       losses never increase.</li>
 *   <li>fixedGamma: the vertex among neurons not yet kept, gamma = 1/(n+1) (GFS), no line search.</li>
 * </ul>
 * r_k and D_k (method.md section 3) are statements about local imitation's polytope; every step
 * records them as NaN.
 */
public final class GlobalImitation {

    /**
     * Candidates, by the gradient at a = 0, whose single-neuron loss is measured for optimizeGamma's
     * start. The gradient ranks poorly here: L(e_i) carries N^2 times the curvature the gradient misses.
     */
    static final int START_CANDIDATES = 32;
    /** Toward candidates (lowest dL/da_i first) given a line search at each step; the first is the Frank-Wolfe vertex. */
    static final int TOWARD_CANDIDATES = 3;
    /** Grid points gamma = end * 2^-t, t = 0..GRID-1, of the line search. */
    static final int GRID = 8;
    /** Golden-section refinements after the grid. */
    static final int REFINE = 6;

    private GlobalImitation() {
    }

    /** The global discrepancy as a function of the mixing weights a (length N, in the simplex). */
    public interface Objective {
        int width();

        /** m: samples times output coordinates, for the record. */
        long dimension();

        /** L_glob(a). */
        double loss(double[] a);

        /** dL_glob/da_i for every i at a (one backward pass). */
        double[] gradient(double[] a);
    }

    public static Selection select(Objective objective, StepRule rule, Stop stop) {
        int n = objective.width();
        if (stop.count().isPresent() && stop.count().getAsInt() > n) {
            throw new IllegalArgumentException("cannot keep " + stop.count().getAsInt() + " of " + n + " neurons");
        }
        double emptyLoss = objective.loss(new double[n]);
        return rule == StepRule.FIXED_GAMMA ? fixedGamma(objective, stop, emptyLoss)
                : optimizeGamma(objective, stop, emptyLoss);
    }

    private static Selection fixedGamma(Objective objective, Stop stop, double emptyLoss) {
        int n = objective.width();
        double[] a = new double[n];
        double loss = emptyLoss;
        List<SelectionStep> steps = new ArrayList<>();
        StopReason reason = null;
        for (int k = 0; reason == null; k++) {
            if (stop.reached(k, loss, emptyLoss)) {
                reason = stop.reason(k, loss, emptyLoss);
            } else if (k == n) {
                reason = StopReason.ALL_NEURONS;
            } else if (k >= stop.maxSteps()) {
                reason = StopReason.MAX_STEPS;
            } else {
                double[] g = objective.gradient(a);
                int best = -1;
                for (int i = 0; i < n; i++) {
                    if (a[i] == 0 && (best < 0 || g[i] < g[best])) {
                        best = i;
                    }
                }
                double gamma = 1.0 / (k + 1);
                Path.moveWeights(a, best, gamma);
                double after = objective.loss(a);
                steps.add(new SelectionStep(k, best, gamma, loss, after, Double.NaN, Double.NaN, false, support(a),
                        false, -1));
                loss = after;
            }
        }
        return new Selection(StepRule.FIXED_GAMMA, n, objective.dimension(), OptionalInt.empty(), emptyLoss, emptyLoss,
                emptyLoss, steps, a, reason, Polish.Outcome.NOT_RUN);
    }

    private static Selection optimizeGamma(Objective objective, Stop stop, double emptyLoss) {
        int n = objective.width();
        int start = bestSingleNeuron(objective);
        double[] a = new double[n];
        a[start] = 1;
        double initialLoss = objective.loss(a);
        double loss = initialLoss;
        List<SelectionStep> steps = new ArrayList<>();
        // Each step costs a backward pass and up to GRID + REFINE forward passes: bound the run by the width.
        int maxSteps = Math.min(stop.maxSteps(), 3 * n + 10);
        StopReason reason;
        Polish.Outcome polished = Polish.Outcome.NOT_RUN;
        while (true) {
            if (stop.reached(support(a), loss, emptyLoss)) {
                reason = stop.reason(support(a), loss, emptyLoss);
                break;
            }
            if (loss == 0) {
                reason = StopReason.EXACT;
                break;
            }
            if (steps.size() >= maxSteps) {
                reason = StopReason.MAX_STEPS;
                break;
            }
            SelectionStep step = bestStep(objective, a, loss, steps.size(), false);
            if (step == null) {
                reason = StopReason.NO_DECREASE;
                break;
            }
            steps.add(step);
            loss = step.lossAfter();
        }
        if (reason == StopReason.COUNT_REACHED && stop.polish().enabled()) {
            polished = polish(objective, a, stop, emptyLoss, steps, maxSteps);
        }
        return new Selection(StepRule.OPTIMIZE_GAMMA, n, objective.dimension(), OptionalInt.of(start), emptyLoss,
                initialLoss, emptyLoss, steps, a, reason, polished);
    }

    /**
     * Under a count budget: steps restricted to the kept neurons (the kept face of the simplex) while
     * they lower L_glob by more than the polish tolerance, at most k more steps (each costs forward
     * passes). An away step that drops a neuron ends it: the budget is met with one neuron fewer.
     */
    private static Polish.Outcome polish(Objective objective, double[] a, Stop stop, double emptyLoss,
                                         List<SelectionStep> steps, int maxSteps) {
        int cap = stop.count().getAsInt();
        for (int s = 0; s < cap; s++) {
            double loss = steps.isEmpty() ? objective.loss(a) : steps.get(steps.size() - 1).lossAfter();
            if (loss == 0) {
                return Polish.Outcome.EXACT;
            }
            int before = support(a);
            SelectionStep step = before < 2 ? null : bestStep(objective, a, loss, steps.size(), true);
            if (step == null || loss - step.lossAfter() <= stop.polish().relativeTolerance() * emptyLoss) {
                if (step != null) {
                    steps.add(step);
                }
                return Polish.Outcome.CONVERGED;
            }
            steps.add(step);
            if (step.support() < before) {
                return Polish.Outcome.CONVERGED;
            }
        }
        return Polish.Outcome.STEP_CAP;
    }

    /**
     * The best step from a (updated in place when one is taken), or null if neither the toward nor
     * the away direction lowers L_glob. {@code restricted}: toward candidates only among kept neurons.
     */
    private static SelectionStep bestStep(Objective objective, double[] a, double loss, int k, boolean restricted) {
        int n = a.length;
        double[] g = objective.gradient(a);
        Integer[] byGradient = new Integer[n];
        for (int i = 0; i < n; i++) {
            byGradient[i] = i;
        }
        java.util.Arrays.sort(byGradient, (x, y) -> g[x] != g[y] ? Double.compare(g[x], g[y]) : Integer.compare(x, y));
        int away = -1;
        for (int i = 0; i < n; i++) {
            if (a[i] > 0 && a[i] < 1 && (away < 0 || g[i] > g[away])) {
                away = i;
            }
        }
        // Candidates: the away neuron (largest gradient among kept) and the first TOWARD_CANDIDATES
        // toward neurons by gradient, each line-searched; the lowest measured L_glob wins.
        List<Integer> candidates = new ArrayList<>();
        // No slope filter: L_glob is not convex in a (nonlinear layers follow the consumers), so a
        // candidate whose slope at gamma = 0 rises may still fall further out, e.g. from a dead start.
        if (away >= 0) {
            candidates.add(-1 - away);
        }
        for (int r = 0; r < n && candidates.size() < TOWARD_CANDIDATES + (away >= 0 ? 1 : 0); r++) {
            int i = byGradient[r];
            if (a[i] < 1 && (!restricted || a[i] > 0)) {
                candidates.add(i);
            }
        }
        int bestNeuron = -1;
        double bestGamma = 0;
        double bestLoss = loss;
        for (int code : candidates) {
            int i = code < 0 ? -1 - code : code;
            double end = code < 0 ? Path.lowerEnd(a[i]) : 1;
            double[] found = lineSearch(objective, a, i, end);
            if (found[1] < bestLoss) {
                bestLoss = found[1];
                bestGamma = found[0];
                bestNeuron = i;
            }
        }
        if (bestNeuron >= 0) {
            Path.moveWeights(a, bestNeuron, bestGamma);
            return new SelectionStep(k, bestNeuron, bestGamma, loss, bestLoss, Double.NaN, Double.NaN, bestGamma < 0,
                    support(a), restricted, -1);
        }
        return null;
    }

    /**
     * The step size along (1 - gamma) a + gamma e_i for gamma between 0 and {@code end} (1 toward,
     * -a_i/(1-a_i) away): L_glob on the grid end * 2^-t, t = 0..{@value #GRID}-1, then
     * {@value #REFINE} golden-section steps in the bracket around the best grid point. Returns
     * {gamma, L_glob(gamma)} of the best point measured; every point is scored on the weights
     * exactly as {@link Path#moveWeights} would leave them.
     */
    static double[] lineSearch(Objective objective, double[] a, int i, double end) {
        double[] grid = new double[GRID + 1];
        double[] losses = new double[GRID + 1];
        int best = 0;
        for (int t = 0; t < GRID; t++) {
            grid[t] = end * Math.pow(2, -t);
            losses[t] = lossAt(objective, a, i, grid[t]);
            if (losses[t] < losses[best]) {
                best = t;
            }
        }
        double bestGamma = grid[best];
        double bestLoss = losses[best];
        // The bracket: the neighbouring grid points (0 below the smallest).
        double lo = best + 1 < GRID ? grid[best + 1] : 0;
        double hi = best > 0 ? grid[best - 1] : end;
        double phi = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo);
        double x2 = lo + phi * (hi - lo);
        double f1 = lossAt(objective, a, i, x1);
        double f2 = lossAt(objective, a, i, x2);
        for (int r = 0; r < REFINE; r++) {
            if (f1 < bestLoss) {
                bestLoss = f1;
                bestGamma = x1;
            }
            if (f2 < bestLoss) {
                bestLoss = f2;
                bestGamma = x2;
            }
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - phi * (hi - lo);
                f1 = lossAt(objective, a, i, x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + phi * (hi - lo);
                f2 = lossAt(objective, a, i, x2);
            }
        }
        return new double[] {bestGamma, bestLoss};
    }

    private static double lossAt(Objective objective, double[] a, int i, double gamma) {
        if (gamma == 0) {
            return objective.loss(a);
        }
        double[] moved = a.clone();
        Path.moveWeights(moved, i, gamma);
        return objective.loss(moved);
    }

    /** optimizeGamma's f_0: of the {@value #START_CANDIDATES} neurons with the lowest dL/da_i at a = 0, the one with the lowest L_glob(e_i). */
    private static int bestSingleNeuron(Objective objective) {
        int n = objective.width();
        double[] g = objective.gradient(new double[n]);
        Integer[] byGradient = new Integer[n];
        for (int i = 0; i < n; i++) {
            byGradient[i] = i;
        }
        Arrays.sort(byGradient, (x, y) -> g[x] != g[y] ? Double.compare(g[x], g[y]) : Integer.compare(x, y));
        int best = byGradient[0];
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int c = 0; c < Math.min(START_CANDIDATES, n); c++) {
            double[] single = new double[n];
            single[byGradient[c]] = 1;
            double loss = objective.loss(single);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = byGradient[c];
            }
        }
        return best;
    }

    private static int support(double[] a) {
        int s = 0;
        for (double w : a) {
            if (w > 0) {
                s++;
            }
        }
        return s;
    }
}
