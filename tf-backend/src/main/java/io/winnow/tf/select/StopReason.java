package io.winnow.tf.select;

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
    /** fixedGamma: every neuron is kept. */
    ALL_NEURONS
}
