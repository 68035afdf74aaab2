package io.winnow.engine.select;

import java.util.Arrays;
import java.util.Optional;

/**
 * One greedy step f_k -> f_{k+1} = (1 - gamma) f_k + gamma N phi_i (docs/theory.md section 2) with
 * the geometry measured at f_k (section 3); or, in optimizeGamma's corrective phase ({@link Polish}),
 * a face step: a jumps to the exact minimiser of L on the face spanned by the kept neurons.
 *
 * @param k          the step index: this step starts from f_k
 * @param neuron     i, the neuron moved toward (gamma > 0) or away from (gamma < 0); -1 for a face step
 * @param gamma      the step size; for optimizeGamma in U_i = [-a_i/(1-a_i), 1]; 1 for a face step
 * @param lossBefore L_k = L(f_k)
 * @param lossAfter  L_{k+1} = L(f_{k+1})
 * @param margin     r_k = max_i <y* - f_k, N phi_i - f_k> / ||y* - f_k||
 * @param diameter   D_k = max_i ||N phi_i - f_k||
 * @param away       whether gamma < 0: weight leaves neuron i (at the lower end of U_i, i is dropped);
 *                   false for a face step
 * @param support    ||a||_0 after the step
 * @param polish     whether the step was restricted to the kept neurons (a face step of optimizeGamma's
 *                   corrective phase, {@link Polish}). Such a step only promises L_{k+1} <= L_k: Lemma 3's
 *                   contraction (docs/theory.md section 3) needs the Frank-Wolfe vertex among the
 *                   candidates, which may lie outside the kept set.
 * @param face       for a face step, the weights a after it (every neuron with a_i > 0); empty otherwise
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
        Optional<Face> face) {

    /** A toward or away step on one neuron. */
    public SelectionStep(int k, int neuron, double gamma, double lossBefore, double lossAfter, double margin,
                         double diameter, boolean away, int support, boolean polish) {
        this(k, neuron, gamma, lossBefore, lossAfter, margin, diameter, away, support, polish, Optional.empty());
    }

    /** Whether this is a face step (only polish takes them). */
    public boolean faceStep() {
        return face.isPresent();
    }

    /** A copy with a different L_{k+1}; for testing that checkers catch a wrong loss. */
    public SelectionStep withLossAfter(double loss) {
        return new SelectionStep(k, neuron, gamma, lossBefore, loss, margin, diameter, away, support, polish, face);
    }

    /**
     * The weights after a face step: a_{neurons[j]} = weights[j], 0 elsewhere.
     *
     * @param neurons ascending, distinct
     * @param weights each > 0, summing to 1 up to rounding
     */
    public record Face(int[] neurons, double[] weights) {
        public Face {
            if (neurons.length != weights.length || neurons.length == 0) {
                throw new IllegalArgumentException("a face step needs one weight per neuron, at least one: "
                        + neurons.length + " neuron(s), " + weights.length + " weight(s)");
            }
            neurons = neurons.clone();
            weights = weights.clone();
        }

        /** The nonzero entries of a. */
        public static Face of(double[] a) {
            int[] neurons = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] > 0).toArray();
            return new Face(neurons, Arrays.stream(neurons).mapToDouble(i -> a[i]).toArray());
        }

        @Override
        public int[] neurons() {
            return neurons.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        /** Writes these weights into a (length N), every other entry 0. */
        public void applyTo(double[] a) {
            Arrays.fill(a, 0);
            for (int j = 0; j < neurons.length; j++) {
                a[neurons[j]] = weights[j];
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Face f && Arrays.equals(neurons, f.neurons) && Arrays.equals(weights, f.weights);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(neurons) + Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "Face" + Arrays.toString(neurons) + Arrays.toString(weights);
        }
    }
}
