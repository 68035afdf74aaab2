package io.winnow.proofs;

/**
 * The one floating-point allowance every check uses (docs/theory.md, "Slack").
 *
 * <p>Why 1e-9 of the loss scale: every L is computed from G as
 * (1/m)(N^2 a^T G a - 2N a^T G 1 + 1^T G 1), a difference of terms each at most
 * {@code lossScale} = (1/m) max(||y*||^2, max_i ||N phi_i||^2). In double precision each term
 * carries a relative error of a few machine epsilons (2.2e-16) times the O(N) length of its
 * sums, and the maintained vector G a adds one rounding per step. For N up to 10^4 and 10^3
 * steps that is below 1e-11 of lossScale, so 1e-9 leaves a hundredfold margin while staying far
 * below any loss decrease the inequalities talk about. The absolute floor only keeps 0 <= 0
 * comparisons true for a layer whose every phi_i is 0; losses carry units (squared activations),
 * so any larger absolute term would be an arbitrary choice of unit.
 */
public final class Slack {

    /** Relative allowance on any loss, as a fraction of the layer's loss scale. */
    public static final double RELATIVE = 1e-9;

    /** Absolute floor, see the class comment. */
    public static final double ABSOLUTE = 1e-300;

    private Slack() {
    }

    /** The allowance on one loss value L (or a bound on it) of a layer with this loss scale. */
    public static double loss(double lossScale) {
        return RELATIVE * lossScale + ABSOLUTE;
    }

    /**
     * The allowance on an observed margin r_k = <r, d> / ||r||, with ||r||^2 = m L_k. Inner
     * products in R^m carry absolute error E = m * loss(lossScale); dividing by ||r|| gives
     * dr_k <= E/||r|| + |r_k| E/||r||^2. The last term covers rounding in the geometric r it is
     * compared with (relative 1e-9 of the diameter). Infinite when L_k is within the loss
     * slack of 0: there the margin is not resolvable in double precision.
     */
    public static double margin(double lossScale, long dimension, double lossK, double marginK, double diameterK) {
        double e = dimension * loss(lossScale);
        double normSq = dimension * lossK;
        if (normSq <= 2 * e) {
            return Double.POSITIVE_INFINITY;
        }
        double norm = Math.sqrt(normSq);
        return e / norm + Math.abs(marginK) * e / normSq + RELATIVE * diameterK;
    }
}
