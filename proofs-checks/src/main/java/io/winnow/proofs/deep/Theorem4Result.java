package io.winnow.proofs.deep;

import io.vavr.collection.List;

/**
 * The deep bound on every sample (docs/theory.md section 4):
 * lhs = ||F^(x) - F(x)|| on the logits, rhs = sum_l (prod_{j>l} K_j) e_l(x).
 *
 * @param constants   K_l per block
 * @param lhs         per sample
 * @param rhs         per sample
 * @param slack       per sample: the floating-point allowance the verdict used
 * @param logitNorms  per sample: ||F(x)||, the scale of the slack's second term
 * @param localErrors e_l(x): [sample][block]
 * @param passed      per sample: lhs <= rhs + slack
 * @param violations  the samples that failed
 * @param tightness   lhs / rhs over samples with rhs > 0
 */
public record Theorem4Result(List<BlockLipschitz> constants, double[] lhs, double[] rhs, double[] slack,
                             double[] logitNorms, double[][] localErrors, boolean[] passed, List<Violation> violations, Tightness tightness) {

    /** lhs > rhs + slack on one sample: a bug, in the pruning, the bound or the check. */
    public record Violation(int sample, double lhs, double rhs, double slack) {
    }

    /**
     * Distribution of lhs / rhs (1 = the bound is attained).
     *
     * @param samples   samples with rhs > 0
     * @param min       smallest ratio
     * @param median    median ratio
     * @param max       largest ratio
     * @param histogram counts in [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0), [1.0, inf)
     */
    public record Tightness(int samples, double min, double median, double max, int[] histogram) {

        public static Tightness of(double[] lhs, double[] rhs) {
            double[] ratios = new double[lhs.length];
            int n = 0;
            int[] histogram = new int[11];
            for (int s = 0; s < lhs.length; s++) {
                if (rhs[s] > 0) {
                    double r = lhs[s] / rhs[s];
                    ratios[n++] = r;
                    histogram[Math.min(10, (int) Math.floor(r * 10))]++;
                }
            }
            if (n == 0) {
                return new Tightness(0, Double.NaN, Double.NaN, Double.NaN, histogram);
            }
            double[] sorted = java.util.Arrays.copyOf(ratios, n);
            java.util.Arrays.sort(sorted);
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Tightness(n, sorted[0], median, sorted[n - 1], histogram);
        }
    }

    public boolean holds() {
        return violations.isEmpty();
    }

    public int samples() {
        return lhs.length;
    }

    /** Mean of ||F^(x) - F(x)|| over the samples. */
    public double meanDiscrepancy() {
        return mean(lhs);
    }

    public double meanBound() {
        return mean(rhs);
    }

    /** Mean of e_l over the samples, per block. */
    public double[] meanLocalErrors() {
        int blocks = constants.size();
        double[] m = new double[blocks];
        for (double[] e : localErrors) {
            for (int l = 0; l < blocks; l++) {
                m[l] += e[l] / localErrors.length;
            }
        }
        return m;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
