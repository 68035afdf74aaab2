package io.winnow.dsl;

/** The step size rule of greedy selection (docs/theory.md section 2). */
public enum StepRule implements Word {
    /** The paper's rule: gamma chosen over U_i = [-a_i/(1-a_i), 1], away steps allowed. */
    OPTIMIZE_GAMMA,
    /** GFS: the fixed step 1/(n+1), every kept neuron ends with weight 1/n. */
    FIXED_GAMMA
}
