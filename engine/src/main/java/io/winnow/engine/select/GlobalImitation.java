package io.winnow.engine.select;

import io.winnow.dsl.StepRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Greedy selection against the whole network's output (global imitation, docs/theory.md section 2;
 * docs/theory.md section 5). The loss L_glob(a) = E ||F_a(x) - F(x)||^2 is not a quadratic in a
 * with a Gram matrix. Two routes:
 * <ul>
 *   <li>optimizeGamma under a count budget, where the objective has a Jacobian: Gauss-Newton. The
 *       logits are linearised in the multipliers, which makes L_glob a quadratic with a Gram matrix
 *       ({@link Objective#linearization}), and local imitation's engine selects on it; the width is
 *       cut from N to k in stages, each relinearised where the last ended, and L_glob is measured on
 *       the whole split at the end of each (docs/theory.md section 5.3). One Jacobian (a backward
 *       pass per class) per stage, where the walk spends passes at every step. Where the last model
 *       mispredicts the measured L_glob by more than {@value #TRUST} of it (large cuts of early layers,
 *       whose suffix is far from linear), the walk runs as well and the lower measured L_glob wins.</li>
 * </ul>
 * The {@link #walk}, the published method, takes one gradient of L_glob per step (one backward pass)
 * and forward passes for the step size:
 * <ul>
 *   <li>optimizeGamma: the Frank-Wolfe vertex i = argmin_i dL/da_i (with the next
 *       {@value #TOWARD_CANDIDATES} - 1 by gradient) and the away candidate j = argmax over kept j of
 *       dL/da_j, each with gamma by {@link SegmentSearch} on U_i = [-a_i/(1-a_i), 1] (its slope at
 *       gamma = 0 comes from the same gradient); the lowest measured L_glob wins. A step is taken only
 *       if it lowers L_glob measured on the whole calibration split, so the recorded losses never
 *       increase. Where the objective offers a {@link Objective#search() search subsample}, the
 *       gradient, start and line searches run on it and only the chosen move is measured on the
 *       whole split.</li>
 *   <li>fixedGamma: the vertex among neurons not yet kept, gamma = 1/(n+1) (GFS), no line search.</li>
 * </ul>
 * r_k and D_k (docs/theory.md section 3) are statements about local imitation's polytope; every step
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

        /**
         * The same loss on a fixed subsample of the calibration split, on which candidates and step
         * sizes are searched (docs/theory.md section 5.3); this objective itself when there is none.
         */
        default Objective search() {
            return this;
        }

        /**
         * The Gauss-Newton model of L_glob at a: the logits linearised in the multipliers c = N a,
         * F_b(x) ~ F_a(x) + J(x) N (b - a), so L_glob(b) ~ (1/S) sum_x ||N J(x) b - y*(x)||^2 with
         * y* = F(x) - F_a(x) + J(x) N a, as a {@link Gram} with target in L_glob's units. Empty when the
         * objective has no Jacobian.
         */
        default Optional<Gram> linearization(double[] a) {
            return Optional.empty();
        }
    }

    /**
     * Continuation stages of the Gauss-Newton route: the widths from N down to k in at most this many
     * cuts, each linearised where the cut before it ended (docs/theory.md section 5.3).
     */
    static final int STAGES = 6;
    /** Rounds after the continuation, each relinearised at the best weights so far, while L_glob falls. */
    static final int ROUNDS = 3;
    /**
     * The Gauss-Newton result is kept without a walk when its model's L at the end is within this
     * fraction of the L_glob measured there (docs/theory.md section 5.3).
     */
    static final double TRUST = 0.1;

    /**
     * Global imitation of one group. optimizeGamma under a count budget takes the Gauss-Newton route
     * when the objective offers its {@link Objective#linearization}; every other case (fixedGamma, a
     * tolerance, an objective without a Jacobian) takes the {@link #walk}.
     */
    public static Selection select(Objective objective, StepRule rule, Stop stop) {
        return run(objective, rule, stop).selection();
    }

    /**
     * A selection and L_glob of its kept weights measured on the whole calibration split. For the walk
     * that is the record's own final loss; on the Gauss-Newton route the record is the chosen model's
     * path and its losses are that model's, and this is the measurement that chose it.
     */
    public record Outcome(Selection selection, double loss) {
    }

    /** {@link #select}, with L_glob of the result as measured on the whole split. */
    public static Outcome run(Objective objective, StepRule rule, Stop stop) {
        int n = checkCount(objective, stop);
        if (rule == StepRule.OPTIMIZE_GAMMA && stop.count().isPresent()) {
            double[] unpruned = new double[n];
            Arrays.fill(unpruned, 1.0 / n); // c = 1: the network as it is
            Optional<Gram> model = objective.linearization(unpruned);
            if (model.isPresent()) {
                Outcome byModel = gaussNewton(objective, stop, model.get());
                if (trusted(byModel)) {
                    return byModel;
                }
                Selection walked = walk(objective, rule, stop);
                return walked.loss() < byModel.loss() ? new Outcome(walked, walked.loss()) : byModel;
            }
        }
        Selection s = walk(objective, rule, stop);
        return new Outcome(s, s.loss());
    }

    /**
     * The published method's walk (docs/theory.md section 5.3): every step a backward pass for the
     * gradient and line searches of forward passes, each recorded loss measured.
     */
    public static Selection walk(Objective objective, StepRule rule, Stop stop) {
        int n = checkCount(objective, stop);
        double emptyLoss = objective.loss(new double[n]);
        return rule == StepRule.FIXED_GAMMA ? fixedGamma(objective, stop, emptyLoss)
                : optimizeGamma(objective, stop, emptyLoss);
    }

    private static int checkCount(Objective objective, Stop stop) {
        int n = objective.width();
        if (stop.count().isPresent() && stop.count().getAsInt() > n) {
            throw new IllegalArgumentException("cannot keep " + stop.count().getAsInt() + " of " + n + " neurons");
        }
        return n;
    }

    /**
     * optimizeGamma under a count budget by Gauss-Newton models of L_glob (docs/theory.md section 5.3).
     * Continuation: the width falls from N to k in at most {@value #STAGES} cuts ({@link #widths}); each
     * cut runs local imitation's engine ({@link OptimizeGamma}: polish and the GFS comparison included)
     * on the model linearised where the previous cut ended, the first at the unpruned network. Then up
     * to {@value #ROUNDS} rounds reselect k on the model at the best weights so far, each kept only if
     * L_glob measured on the whole split falls.
     */
    private static Outcome gaussNewton(Objective objective, Stop stop, Gram first) {
        Gram model = first;
        Selection s = null;
        for (int width : widths(objective.width(), stop.count().getAsInt())) {
            if (s != null) {
                model = objective.linearization(weightsOf(s)).orElseThrow();
            }
            s = OptimizeGamma.select(model, new Stop(OptionalInt.of(width), stop.tolerance(), stop.maxSteps(),
                    stop.polish()));
        }
        Outcome best = new Outcome(withoutGeometry(s), objective.loss(weightsOf(s)));
        for (int round = 0; round < ROUNDS; round++) {
            Gram at = objective.linearization(weightsOf(best.selection())).orElseThrow();
            Selection again = OptimizeGamma.select(at, stop);
            double loss = objective.loss(weightsOf(again));
            if (!(loss < best.loss())) {
                break;
            }
            best = new Outcome(withoutGeometry(again), loss);
        }
        return best;
    }

    /**
     * The model path without r_k and D_k: they describe the model's polytope, not the network's, and
     * global imitation records none (NaN) on either route.
     */
    private static Selection withoutGeometry(Selection s) {
        List<SelectionStep> steps = s.steps().stream().map(t -> new SelectionStep(t.k(), t.neuron(), t.gamma(),
                t.lossBefore(), t.lossAfter(), Double.NaN, Double.NaN, t.away(), t.support(), t.polish(), t.face()))
                .toList();
        return new Selection(s.rule(), s.width(), s.dimension(), s.start(), s.emptyLoss(), s.initialLoss(),
                s.lossScale(), steps, s.weights(), s.stopped(), s.polished(), s.gfs(), s.deadDropped());
    }

    /**
     * Whether the model that chose the Gauss-Newton result predicted its L_glob: within {@value #TRUST}
     * of the measurement, or both below 1e-6 of the model's L(empty) (float32 rounding of an exact fit).
     */
    static boolean trusted(Outcome byModel) {
        Selection s = byModel.selection();
        double error = Math.abs(s.loss() - byModel.loss());
        return error <= TRUST * byModel.loss() || Math.max(s.loss(), byModel.loss()) <= 1e-6 * s.emptyLoss();
    }

    /**
     * The continuation's widths from N down to k: round(N (k/N)^(r/{@value #STAGES})) for r = 1..STAGES,
     * the last k, each below the one before (so fewer cuts when N - k is small); just k when k = N.
     */
    static int[] widths(int n, int k) {
        List<Integer> out = new ArrayList<>();
        for (int r = 1; r <= STAGES; r++) {
            int w = r == STAGES ? k : (int) Math.round(n * Math.pow((double) k / n, (double) r / STAGES));
            if (w < n && w >= k && (out.isEmpty() || w < out.get(out.size() - 1))) {
                out.add(w);
            }
        }
        if (out.isEmpty()) {
            out.add(k);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** a with the kept neurons' weights only (dead ones dropped): {@link Selection#mixing()}'s c_i / N. */
    static double[] weightsOf(Selection s) {
        return s.mixing().weights(s.width());
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
                GreedyPath.moveWeights(a, best, gamma);
                double after = objective.loss(a);
                steps.add(new SelectionStep(k, best, gamma, loss, after, Double.NaN, Double.NaN, false, support(a),
                        false));
                loss = after;
            }
        }
        return new Selection(StepRule.FIXED_GAMMA, n, objective.dimension(), OptionalInt.empty(), emptyLoss, emptyLoss,
                emptyLoss, steps, a, reason, Polish.Outcome.NOT_RUN);
    }

    private static Selection optimizeGamma(Objective objective, Stop stop, double emptyLoss) {
        int n = objective.width();
        Objective search = objective.search();
        double[] start = bestSingleNeuron(search);
        double[] a = new double[n];
        a[(int) start[0]] = 1;
        double initialLoss = search == objective ? start[1] : objective.loss(a);
        State state = new State(a, initialLoss, start[1]);
        List<SelectionStep> steps = new ArrayList<>();
        // Each step costs a backward pass and a few line searches of forward passes: bound the run by the width.
        int maxSteps = Math.min(stop.maxSteps(), 3 * n + 10);
        StopReason reason;
        Polish.Outcome polished = Polish.Outcome.NOT_RUN;
        while (true) {
            if (stop.reached(support(a), state.loss, emptyLoss)) {
                reason = stop.reason(support(a), state.loss, emptyLoss);
                break;
            }
            if (state.loss == 0) {
                reason = StopReason.EXACT;
                break;
            }
            if (steps.size() >= maxSteps) {
                reason = StopReason.MAX_STEPS;
                break;
            }
            SelectionStep step = bestStep(objective, state, steps.size(), false);
            if (step == null) {
                reason = StopReason.NO_DECREASE;
                break;
            }
            steps.add(step);
        }
        if (reason == StopReason.COUNT_REACHED && stop.polish().enabled()) {
            polished = polish(objective, state, stop, emptyLoss, steps);
        }
        return new Selection(StepRule.OPTIMIZE_GAMMA, n, objective.dimension(), OptionalInt.of((int) start[0]),
                emptyLoss, initialLoss, emptyLoss, steps, a, reason, polished);
    }

    /** The walk: the weights a and L_glob at a on the whole split and on the search subsample. */
    private static final class State {
        final double[] a;
        double loss;
        double searchLoss;

        State(double[] a, double loss, double searchLoss) {
            this.a = a;
            this.loss = loss;
            this.searchLoss = searchLoss;
        }
    }

    /** A candidate step: gamma toward (or, negative, away from) neuron i, and L_glob where it lands. */
    private record Move(int neuron, double gamma, double loss) {
    }

    /**
     * Under a count budget: steps restricted to the kept neurons (the kept face of the simplex) while
     * they lower L_glob by more than the polish tolerance, at most k more steps (each costs forward
     * passes). An away step that drops a neuron ends it: the budget is met with one neuron fewer.
     */
    private static Polish.Outcome polish(Objective objective, State state, Stop stop, double emptyLoss,
                                         List<SelectionStep> steps) {
        int cap = stop.count().getAsInt();
        for (int s = 0; s < cap; s++) {
            if (state.loss == 0) {
                return Polish.Outcome.EXACT;
            }
            int before = support(state.a);
            SelectionStep step = before < 2 ? null : bestStep(objective, state, steps.size(), true);
            if (step == null || step.lossBefore() - step.lossAfter() <= stop.polish().relativeTolerance() * emptyLoss) {
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
     * The best step from the state (updated when one is taken), or null if no candidate lowers L_glob.
     * {@code restricted}: toward candidates only among kept neurons. Candidates and step sizes come from
     * the search subsample; the move taken is the best of them that lowers L_glob on the whole split,
     * and if none does, the step is searched again on the whole split, so a walk stops only when the
     * whole split's own search finds no decrease.
     */
    private static SelectionStep bestStep(Objective objective, State state, int k, boolean restricted) {
        Objective search = objective.search();
        List<Move> moves = moves(search, state.a, state.searchLoss, restricted);
        if (search == objective) {
            return moves.isEmpty() ? null : take(state, moves.get(0), moves.get(0).loss(), moves.get(0).loss(), k,
                    restricted);
        }
        for (Move m : moves) {
            double loss = objective.loss(moved(state.a, m));
            if (loss < state.loss) {
                return take(state, m, loss, m.loss(), k, restricted);
            }
        }
        List<Move> exact = moves(objective, state.a, state.loss, restricted);
        if (exact.isEmpty()) {
            return null;
        }
        Move m = exact.get(0);
        return take(state, m, m.loss(), search.loss(moved(state.a, m)), k, restricted);
    }

    private static SelectionStep take(State state, Move m, double loss, double searchLoss, int k, boolean restricted) {
        double before = state.loss;
        GreedyPath.moveWeights(state.a, m.neuron(), m.gamma());
        state.loss = loss;
        state.searchLoss = searchLoss;
        return new SelectionStep(k, m.neuron(), m.gamma(), before, loss, Double.NaN, Double.NaN, m.gamma() < 0,
                support(state.a), restricted);
    }

    private static double[] moved(double[] a, Move m) {
        double[] moved = a.clone();
        GreedyPath.moveWeights(moved, m.neuron(), m.gamma());
        return moved;
    }

    /**
     * The candidates' line-searched moves that lower {@code objective} below {@code loss} (its value
     * at a), lowest first: the away neuron (largest gradient among kept) and the first
     * {@value #TOWARD_CANDIDATES} toward neurons by gradient.
     */
    private static List<Move> moves(Objective objective, double[] a, double loss, boolean restricted) {
        double[] g = objective.gradient(a);
        List<Move> moves = moves(objective, a, g, loss, restricted, false);
        // No model search found a decrease: search the same candidates on the grid before giving up.
        return moves.isEmpty() ? moves(objective, a, g, loss, restricted, true) : moves;
    }

    private static List<Move> moves(Objective objective, double[] a, double[] g, double loss, boolean restricted,
                                    boolean grid) {
        int n = a.length;
        Integer[] byGradient = new Integer[n];
        for (int i = 0; i < n; i++) {
            byGradient[i] = i;
        }
        Arrays.sort(byGradient, (x, y) -> g[x] != g[y] ? Double.compare(g[x], g[y]) : Integer.compare(x, y));
        int away = -1;
        double ga = 0; // g . a: the directional derivative toward e_i is g_i - g . a
        for (int i = 0; i < n; i++) {
            ga += g[i] * a[i];
            if (a[i] > 0 && a[i] < 1 && (away < 0 || g[i] > g[away])) {
                away = i;
            }
        }
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
        List<Move> moves = new ArrayList<>();
        for (int code : candidates) {
            int i = code < 0 ? -1 - code : code;
            double end = code < 0 ? GreedyPath.lowerEnd(a[i]) : 1;
            // phi(t) = L_glob at gamma = t end; phi'(0) = end dL/dgamma = end (g_i - g . a).
            java.util.function.DoubleUnaryOperator phi = t -> lossAt(objective, a, i, t * end);
            SegmentSearch.Result found = grid ? SegmentSearch.grid(phi, loss)
                    : SegmentSearch.minimise(phi, loss, end * (g[i] - ga));
            if (found.value() < loss) {
                moves.add(new Move(i, found.t() * end, found.value()));
            }
        }
        moves.sort(java.util.Comparator.comparingDouble(Move::loss)); // stable: candidate order on ties
        return moves;
    }

    private static double lossAt(Objective objective, double[] a, int i, double gamma) {
        if (gamma == 0) {
            return objective.loss(a);
        }
        double[] moved = a.clone();
        GreedyPath.moveWeights(moved, i, gamma);
        return objective.loss(moved);
    }

    /**
     * optimizeGamma's f_0: of the {@value #START_CANDIDATES} neurons with the lowest dL/da_i at a = 0,
     * the one with the lowest L_glob(e_i); returns {i, L_glob(e_i)}.
     */
    private static double[] bestSingleNeuron(Objective objective) {
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
        return new double[] {best, bestLoss};
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
