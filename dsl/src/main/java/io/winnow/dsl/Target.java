package io.winnow.dsl;

/** What local imitation imitates (docs/theory.md section 2, "Local-imitation target"). */
public enum Target implements Word {
    /** The original layer applied to the pruned network's input (the default; the quantity Theorem 4 sums). */
    SAME_INPUT,
    /** The original network's own activation at that layer (compensates upstream error). */
    ORIGINAL_ACTIVATIONS
}
