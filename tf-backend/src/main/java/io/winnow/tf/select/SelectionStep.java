package io.winnow.tf.select;

/**
 * One greedy step f_k -> f_{k+1} = (1 - gamma) f_k + gamma N phi_i (method.md section 2) with
 * the geometry measured at f_k (section 3).
 *
 * @param k          the step index: this step starts from f_k
 * @param neuron     i, the neuron moved toward (gamma > 0) or away from (gamma < 0)
 * @param gamma      the step size; for optimizeGamma in U_i = [-a_i/(1-a_i), 1]
 * @param lossBefore L_k = L(f_k)
 * @param lossAfter  L_{k+1} = L(f_{k+1})
 * @param margin     r_k = max_i <y* - f_k, N phi_i - f_k> / ||y* - f_k||
 * @param diameter   D_k = max_i ||N phi_i - f_k||
 * @param away       whether gamma < 0: weight leaves neuron i (at the lower end of U_i, i is dropped)
 * @param support    ||a||_0 after the step
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
        int support) {

    /** A copy with a different L_{k+1}; for testing that checkers catch a wrong loss. */
    public SelectionStep withLossAfter(double loss) {
        return new SelectionStep(k, neuron, gamma, lossBefore, loss, margin, diameter, away, support);
    }
}
