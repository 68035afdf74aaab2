package io.winnow.proofs;

/**
 * One inequality that failed: lhs <= rhs + slack did not hold.
 *
 * @param layer      which layer (or instance) the run belongs to
 * @param step       the step index k, or -1 for a whole-run statement
 * @param inequality which statement, e.g. "Lemma 3: L_{k+1} <= (1 - r_k^2/D_k^2) L_k"
 */
public record Violation(String layer, int step, String inequality, double lhs, double rhs, double slack) {

    @Override
    public String toString() {
        return layer + " step " + step + ": " + inequality + " violated: " + lhs + " > " + rhs + " + " + slack;
    }
}
