package io.winnow.engine.select;

/**
 * The corrective phase of optimizeGamma under a count budget (docs/theory.md section 2, "Polish").
 * When the support first reaches k, the greedy path has chosen k neurons but not the best weights
 * for them: the last steps were taken while the set was still growing. Polish keeps the kept set S
 * and minimises L over the simplex restricted to S (the face of docs/theory.md section 1's simplex
 * spanned by S) with the same exact toward/away steps as the greedy rule (docs/theory.md section 2),
 * candidates restricted to i in S.
 *
 * <p>If an away step at the lower end of U_i drops a kept neuron, the support falls to k - 1:
 * the run resumes unrestricted optimizeGamma steps until the support is k again, then polishes the
 * new set. Every step is then the exact best step among those that keep ||a||_0 <= k, so L never
 * increases and the budget is never exceeded; forbidding the drop instead would stop short of the
 * face's minimiser whenever it lies on a smaller face (there only a limit of shrinking steps reaches it).
 *
 * <p>With {@code onStall}, polish also runs before the count is reached, whenever the greedy path
 * has made max(N, 50) steps without adding a neuron: near y* the toward/away steps only re-weight the
 * kept neurons in ever smaller zig-zags (Frank-Wolfe's known slow tail). Settling the weights on
 * the kept face exactly makes the next best greedy step an addition again. The pruning runner turns
 * this on; the one-layer checks keep the plain contract (polish only at support k).
 *
 * @param relativeTolerance stop when the best step decreases L by less than this times L(empty)
 * @param stepsPerNeuron    at most this many steps per budgeted neuron (k * stepsPerNeuron in all); 0 turns polish off
 * <p>With {@code compareWithGfs}, polish also settles the weights of the k neurons GFS would keep
 * and returns the lower of the two faces ({@link GfsComparison}): optimizeGamma then never ends above
 * fixedGamma at the same width.
 *
 * @param onStall           also polish the current kept set when the greedy path stalls below k
 * @param compareWithGfs    at support k, also polish GFS's k-set and keep the better face
 */
public record Polish(double relativeTolerance, int stepsPerNeuron, boolean onStall, boolean compareWithGfs) {

    /** 1e-12 of L(empty), at most 1000 k steps, only once the support reaches k; compared with GFS's set. */
    public static final Polish DEFAULT = new Polish(1e-12, 1000, false, true);

    /** {@link #DEFAULT}, and also whenever the greedy path stalls below k. */
    public static final Polish ON_STALL = new Polish(1e-12, 1000, true, true);

    /** No corrective phase: stop as soon as the support first reaches k (the greedy path alone). */
    public static final Polish NONE = new Polish(0, 0, false, false);

    public Polish {
        if (!(relativeTolerance >= 0 && relativeTolerance < 1)) {
            throw new IllegalArgumentException("a polish tolerance needs 0 <= tol < 1, got " + relativeTolerance);
        }
        if (stepsPerNeuron < 0) {
            throw new IllegalArgumentException("stepsPerNeuron must be >= 0, got " + stepsPerNeuron);
        }
    }

    public boolean enabled() {
        return stepsPerNeuron > 0;
    }

    /** The same polish of optimizeGamma's own set only, without the comparison with GFS's set. */
    public Polish withoutGfsComparison() {
        return new Polish(relativeTolerance, stepsPerNeuron, onStall, false);
    }

    /** How the corrective phase ended. */
    public enum Outcome {
        /** No polish: not a count budget, polish off, or the run stopped before the support reached k. */
        NOT_RUN,
        /** The best restricted step decreased L by less than the tolerance (or by nothing). */
        CONVERGED,
        /** L = 0 was reached. */
        EXACT,
        /** The step cap k * stepsPerNeuron was hit first. */
        STEP_CAP
    }
}
