package io.winnow.engine.select;

/** Why a selection ended. */
public enum StopReason {
    /** The support reached the budget's count. */
    COUNT_REACHED,
    /** L <= epsilon * L(empty). */
    TOLERANCE_REACHED,
    /** The step guard of {@link Stop#maxSteps()} was hit first. */
    MAX_STEPS,
    /** L = 0: the pruned output equals y*, no step can improve it. */
    EXACT,
    /** No candidate step decreases L (in double precision). */
    NO_DECREASE,
    /**
     * The best step decreases L by less than the rounding of L itself ({@link GreedyPath#NOISE} of the
     * loss scale): the layer is reproduced to double precision, and a further neuron would be chosen by
     * rounding noise. A count run ends here with fewer neurons.
     */
    PRECISION_FLOOR,
    /**
     * Internal to optimizeGamma: a count run made max(N, 50) steps without adding a neuron; the
     * weights are polished and the run goes on. Never the reason a selection ends.
     */
    STALLED,
    /** fixedGamma: every neuron is kept. */
    ALL_NEURONS
}
