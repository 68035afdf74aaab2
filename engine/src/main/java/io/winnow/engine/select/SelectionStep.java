package io.winnow.engine.select;

/**
 * One greedy step f_k -> f_{k+1} = (1 - gamma) f_k + gamma N phi_i (docs/theory.md section 2) with
 * the geometry measured at f_k (section 3); or, in optimizeGamma's corrective phase
 * ({@link Polish}), a pairwise step f_{k+1} = f_k + gamma N (phi_i - phi_j), a <- a + gamma (e_i - e_j).
 *
 * @param k          the step index: this step starts from f_k
 * @param neuron     i, the neuron moved toward (gamma > 0) or away from (gamma < 0)
 * @param gamma      the step size; for optimizeGamma in U_i = [-a_i/(1-a_i), 1]
 * @param lossBefore L_k = L(f_k)
 * @param lossAfter  L_{k+1} = L(f_{k+1})
 * @param margin     r_k = max_i <y* - f_k, N phi_i - f_k> / ||y* - f_k||
 * @param diameter   D_k = max_i ||N phi_i - f_k||
 * @param away       whether gamma < 0: weight leaves neuron i (at the lower end of U_i, i is dropped);
 *                   false for a pairwise step
 * @param support    ||a||_0 after the step
 * @param polish     whether the candidates were restricted to the kept neurons (optimizeGamma's
 *                   corrective phase at support k, {@link Polish}). Such a step only promises
 *                   L_{k+1} <= L_k: Lemma 3's contraction (docs/theory.md section 3) needs the Frank-Wolfe
 *                   vertex among the candidates, which may lie outside the kept set.
 * @param partner    for a pairwise step, j, the kept neuron that gives weight gamma in [0, a_j] to i
 *                   (at gamma = a_j, j is dropped); -1 for a toward/away step
 */
public record SelectionStep(
        int k,
        int neuron,
        double gamma,
        double lossBefore,
        double lossAfter,
        double margin,
        double diameter,
        boolean away,
        int support,
        boolean polish,
        int partner) {

    /** Whether this is a pairwise step (only polish takes them). */
    public boolean pairwise() {
        return partner >= 0;
    }

    /** A copy with a different L_{k+1}; for testing that checkers catch a wrong loss. */
    public SelectionStep withLossAfter(double loss) {
        return new SelectionStep(k, neuron, gamma, lossBefore, loss, margin, diameter, away, support, polish, partner);
    }
}
