package io.winnow.proofs.report;

/**
 * Trains one {@link DeepCase}, prunes it at each of its ratios and checks Theorem 4 there: what the
 * report's deep section needs from a backend. The TensorFlow backend implements it; the report
 * itself only lays out the results.
 */
@FunctionalInterface
public interface DeepRunner {

    DeepResult run(DeepCase spec, long seed);
}
