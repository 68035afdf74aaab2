package io.winnow.engine.select;

import io.winnow.dsl.StepRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Greedy selection with an optimised step (the paper's rule, docs/theory.md section 2; docs/theory.md
 * section 2). From the best single neuron, each step picks the pair (i, gamma) that minimises
 * L((1 - gamma) f_k + gamma N phi_i) over all i and all gamma in U_i = [-a_i/(1-a_i), 1].
 * A negative gamma is an away step; at the lower end of U_i it drops neuron i.
 *
 * <p>Under a count budget the greedy path stops when the support first reaches k; then the
 * corrective phase ({@link Polish}) optimises the weights of the kept neurons with the same
 * steps restricted to them. By default ({@link Polish#compareWithGfs()}) it also polishes the k
 * neurons GFS keeps and returns the better of the two faces ({@link GfsComparison}), so a count
 * budget never ends above fixedGamma at the same width.
 */
public final class OptimizeGamma {

    private OptimizeGamma() {
    }

    public static Selection select(Gram gram, Stop stop) {
        int n = gram.width();
        if (stop.count().isPresent() && stop.count().getAsInt() > n) {
            throw new IllegalArgumentException("cannot keep " + stop.count().getAsInt() + " of " + n + " neurons");
        }
        GreedyPath path = new GreedyPath(gram);
        int start = bestSingleNeuron(path, n);
        path.step(start, 1);
        double initialLoss = path.loss();
        List<SelectionStep> steps = new ArrayList<>();
        StopReason reason = run(path, stop, gram.emptyLoss(), steps);
        while (reason == StopReason.STALLED && steps.size() < stop.maxSteps()) {
            // The greedy steps only re-weight the kept neurons (Frank-Wolfe zig-zag): settle the
            // weights on the kept face exactly, after which the best greedy step adds a neuron.
            polish(path, path.support(), stop.polish(), gram.emptyLoss(), steps);
            reason = run(path, stop, gram.emptyLoss(), steps);
        }
        if (reason == StopReason.STALLED) {
            reason = StopReason.MAX_STEPS;
        }
        Polish.Outcome polished = Polish.Outcome.NOT_RUN;
        double[] weights = path.weights();
        Optional<GfsComparison> gfs = Optional.empty();
        boolean atFloor = reason == StopReason.PRECISION_FLOOR && stop.count().isPresent();
        if ((reason == StopReason.COUNT_REACHED || atFloor) && stop.polish().enabled()) {
            int k = stop.count().getAsInt();
            // At the precision floor L is rounding noise already: no face to settle, but GFS's k-set
            // may still end lower, so it is compared as at the count.
            polished = atFloor ? Polish.Outcome.NOT_RUN : polish(path, k, stop.polish(), gram.emptyLoss(), steps);
            weights = path.weights();
            if (stop.polish().compareWithGfs()) {
                Selection fixed = FixedGamma.select(gram, Stop.atCount(k));
                GreedyPath face = polishedFace(gram, fixed, k, stop.polish());
                boolean taken = face.loss() < path.loss();
                gfs = Optional.of(new GfsComparison(stepped(fixed), fixed.loss(), face.loss(), path.loss(), taken));
                weights = taken ? face.weights() : weights;
            }
        }
        return new Selection(StepRule.OPTIMIZE_GAMMA, n, gram.dimension(), OptionalInt.of(start),
                gram.emptyLoss(), initialLoss, gram.lossScale(), steps, weights, reason, polished, gfs, java.util.List.of())
                .withDeadDropped(gram);
    }

    /**
     * GFS's run replayed on a fresh path (the same updates, so the same L bit for bit), then its
     * weights polished on the face of its k neurons exactly as optimizeGamma's own set is.
     */
    private static GreedyPath polishedFace(Gram gram, Selection fixed, int k, Polish polish) {
        GreedyPath face = new GreedyPath(gram);
        for (SelectionStep step : fixed.steps()) {
            face.step(step.neuron(), step.gamma());
        }
        polish(face, k, polish, gram.emptyLoss(), new ArrayList<>());
        return face;
    }

    /**
     * The face GFS's run ends on: every neuron it stepped onto, ascending. Its dead ones are dropped
     * from fixedGamma's own channels ({@link Selection#kept()}) but belong to the face polished here,
     * whose minimiser may weigh live neurons in their place.
     */
    private static int[] stepped(Selection fixed) {
        return fixed.steps().stream().mapToInt(SelectionStep::neuron).distinct().sorted().toArray();
    }

    /** f_0 = N phi_i with the smallest L(N phi_i): the gamma = 1 step from f = 0. */
    private static int bestSingleNeuron(GreedyPath empty, int n) {
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

    /** Greedy steps without a new neuron, at least, after which a count run counts as stalled. */
    static final int STALL_STEPS_MIN = 50;

    /**
     * The greedy path: unrestricted steps until the stop rule holds. A count run whose support has
     * not grown for max(N, {@value #STALL_STEPS_MIN}) steps returns STALLED, for the caller to polish.
     */
    private static StopReason run(GreedyPath path, Stop stop, double emptyLoss, List<SelectionStep> steps) {
        int stallWindow = Math.max(STALL_STEPS_MIN, path.width());
        int lastGrowth = steps.size();
        int support = path.support();
        for (int k = steps.size(); ; k++) {
            double loss = path.loss();
            if (stop.reached(path.support(), loss, emptyLoss)) {
                return stop.reason(path.support(), loss, emptyLoss);
            }
            if (k >= stop.maxSteps()) {
                return StopReason.MAX_STEPS;
            }
            if (path.support() > support) {
                support = path.support();
                lastGrowth = k;
            } else if (stop.count().isPresent() && stop.polish().onStall() && k - lastGrowth >= stallWindow) {
                return StopReason.STALLED;
            }
            if (path.residualSq() == 0) {
                return StopReason.EXACT;
            }
            Candidate best = bestStep(path);
            if (best == null) {
                return StopReason.NO_DECREASE;
            }
            if (best.decrease() <= path.noise()) {
                return StopReason.PRECISION_FLOOR;
            }
            take(path, best, k, false, steps);
        }
    }

    /**
     * The corrective phase at support k (docs/theory.md section 2, "Polish"). At support k one face
     * step moves a to the exact minimiser of L on the face spanned by the kept neurons
     * ({@link FaceSolver}). If that minimiser lies on a smaller face (support below k), unrestricted
     * greedy steps resume until the support is k again, and the new face is solved. Ends when a step
     * decreases L by less than relativeTolerance * L(empty) (or than the rounding of L), at L = 0, or
     * after k * stepsPerNeuron steps.
     */
    private static Polish.Outcome polish(GreedyPath path, int k, Polish polish, double emptyLoss, List<SelectionStep> steps) {
        long cap = (long) k * polish.stepsPerNeuron();
        // The tolerance is on L; decreases are in ||r||^2 = m L.
        double threshold = Math.max(polish.relativeTolerance() * emptyLoss * path.dimension(), path.noise());
        for (long t = 0; t < cap; t++) {
            if (path.residualSq() == 0) {
                return Polish.Outcome.EXACT;
            }
            if (path.support() >= k) {
                int[] kept = SelectionStep.Face.of(path.weights()).neurons();
                SelectionStep.Face face = SelectionStep.Face.of(FaceSolver.solve(path.gram(), kept));
                double before = path.residualSq();
                if (before - path.residualSqAt(face) <= threshold) {
                    return Polish.Outcome.CONVERGED;
                }
                takeFace(path, face, steps);
            } else {
                Candidate best = bestStep(path);
                if (best == null || best.decrease() <= threshold) {
                    return Polish.Outcome.CONVERGED;
                }
                take(path, best, steps.size(), false, steps);
            }
        }
        return Polish.Outcome.STEP_CAP;
    }

    /** One candidate step: move toward (gamma > 0) or away from (gamma < 0) neuron i; decrease is that of ||r||^2. */
    private record Candidate(int neuron, double gamma, double decrease) {
    }

    /**
     * The exact best step over all i and gamma in U_i; null when no step decreases ||r||^2. Ties go
     * to the lower index.
     */
    private static Candidate bestStep(GreedyPath path) {
        Candidate best = null;
        for (int i = 0; i < path.width(); i++) {
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
            // 1-D quadratic ||r - gamma d_i||^2 on U_i (docs/theory.md section 2, closed form).
            double gamma = Math.min(1, Math.max(GreedyPath.lowerEnd(ai), inner / dSq));
            double decrease = 2 * gamma * inner - gamma * gamma * dSq;
            if (decrease > (best == null ? 0 : best.decrease())) {
                best = new Candidate(i, gamma, decrease);
            }
        }
        return best;
    }

    /** Takes the step and records it with r_k and D_k measured at f_k (docs/theory.md section 3). */
    private static void take(GreedyPath path, Candidate c, int k, boolean polish, List<SelectionStep> steps) {
        double loss = path.loss();
        double margin = path.margin();
        double diameter = path.diameter();
        path.step(c.neuron(), c.gamma());
        steps.add(new SelectionStep(k, c.neuron(), c.gamma(), loss, path.loss(), margin, diameter, c.gamma() < 0,
                path.support(), polish));
    }

    /** Takes a face step (polish) and records it with r_k and D_k measured at f_k. */
    private static void takeFace(GreedyPath path, SelectionStep.Face face, List<SelectionStep> steps) {
        double loss = path.loss();
        double margin = path.margin();
        double diameter = path.diameter();
        path.jumpTo(face);
        steps.add(new SelectionStep(steps.size(), -1, 1, loss, path.loss(), margin, diameter, false, path.support(),
                true, java.util.Optional.of(face)));
    }
}
