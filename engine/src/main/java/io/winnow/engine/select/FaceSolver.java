package io.winnow.engine.select;

import java.util.Arrays;

/**
 * The exact minimiser of L over one face of the simplex: min L(a) subject to a >= 0, sum a = 1,
 * a_i = 0 outside a given set S (docs/theory.md section 2, "Polish").
 *
 * <p>With q_i = N phi_i - y*, every a in the simplex has f(a) - y* = sum_i a_i q_i, so the problem is
 * the minimum-norm point of conv{q_i : i in S}. Wolfe's algorithm (1976) solves it exactly in finitely
 * many steps: it keeps a corral C of affinely independent points and the weights on it, adds the point
 * most opposed to the current x = sum a_i q_i, moves to the affine minimiser of the corral and, when
 * that leaves the simplex, walks back to its boundary and drops the points that reach 0. Everything is
 * read from G: K_ij = <q_i, q_j> = N^2 G_ij - N (G1)_i - N (G1)_j + 1^T G 1.
 *
 * <p>The affine minimiser of the corral is M^-1 1, normalised, with M = s 11^T + K_CC (s > 0 a
 * scale): on the affine hull sum a = 1, a^T M a = s + ||x||^2, and M is positive definite exactly when
 * the corral is affinely independent. Its Cholesky factor is updated in O(|C|^2) when a point joins
 * (one new column) or leaves (Givens rotations), never refactored.
 */
final class FaceSolver {

    /** Optimality: ||x||^2 - min_j <x, q_j> <= this times max_j ||q_j||^2 (Wolfe's Z1). */
    private static final double OPTIMALITY = 1e-13;
    /** A joining point whose new Cholesky pivot is below this share of its norm is affinely dependent. */
    private static final double DEPENDENT = 1e-12;
    /** Weights of the affine minimiser at or below this are outside the simplex (Wolfe's Z3). */
    private static final double WEIGHT = 1e-14;

    private FaceSolver() {
    }

    /**
     * The weights a (length N, in the simplex, 0 outside {@code face}) minimising L on the face
     * spanned by {@code face} (distinct neurons, at least one).
     */
    static double[] solve(Gram gram, int[] face) {
        int k = face.length;
        double n = gram.width();
        double[] kss = new double[k * k];
        double scale = 0;
        for (int p = 0; p < k; p++) {
            int i = face[p];
            for (int q = 0; q <= p; q++) {
                int j = face[q];
                double v = n * n * gram.entry(i, j) - n * gram.rowSum(i) - n * gram.rowSum(j) + gram.total();
                kss[p * k + q] = v;
                kss[q * k + p] = v;
            }
            scale = Math.max(scale, kss[p * k + p]);
        }
        double[] weightsOnFace = new Wolfe(kss, k, scale > 0 ? scale : 1).run();
        double[] a = new double[gram.width()];
        for (int p = 0; p < k; p++) {
            a[face[p]] = weightsOnFace[p];
        }
        return a;
    }

    /** One run of Wolfe's algorithm on the k x k matrix K of inner products. */
    private static final class Wolfe {
        private final double[] kss;
        private final int k;
        private final double scale;
        /** Positions (into the face) of the corral's points, in the order of the factor's columns. */
        private final int[] corral;
        private final boolean[] inCorral;
        /** Weights on the corral, same order, summing to 1. */
        private final double[] lambda;
        /** Upper-triangular R with R^T R = s 11^T + K_CC, row-major k x k, top-left size x size used. */
        private final double[] r;
        /** w = R^-T 1, so that the affine minimiser is one back substitution. */
        private final double[] w;
        private int size;

        Wolfe(double[] kss, int k, double scale) {
            this.kss = kss;
            this.k = k;
            this.scale = scale;
            this.corral = new int[k];
            this.inCorral = new boolean[k];
            this.lambda = new double[k];
            this.r = new double[k * k];
            this.w = new double[k];
        }

        double[] run() {
            int first = 0;
            for (int p = 1; p < k; p++) {
                if (kss[p * k + p] < kss[first * k + first]) {
                    first = p;
                }
            }
            corral[0] = first;
            inCorral[first] = true;
            lambda[0] = 1;
            r[0] = Math.sqrt(scale + kss[first * k + first]);
            w[0] = 1 / r[0];
            size = 1;
            double[] xq = new double[k];
            int majorCap = 20 * k + 100;
            for (int major = 0; major < majorCap; major++) {
                // <x, q_j> for every j outside the corral. Inside it <x, q_c> = ||x||^2 for every c: x is
                // the affine minimiser of the corral (a minor cycle ends there), whose gradient is
                // orthogonal to the corral's affine hull; so ||x||^2 is one such inner product.
                Arrays.fill(xq, 0);
                double xx = 0;
                for (int c = 0; c < size; c++) {
                    double weight = lambda[c];
                    int row = corral[c] * k;
                    for (int j = 0; j < k; j++) {
                        if (!inCorral[j]) {
                            xq[j] += weight * kss[row + j];
                        }
                    }
                    xx += weight * kss[row + corral[0]];
                }
                int enter = -1;
                for (int j = 0; j < k; j++) {
                    if (!inCorral[j] && (enter < 0 || xq[j] < xq[enter])) {
                        enter = j;
                    }
                }
                if (enter < 0 || xx - xq[enter] <= OPTIMALITY * scale || !add(enter)) {
                    break;
                }
                minorCycle();
            }
            double[] out = new double[k];
            for (int c = 0; c < size; c++) {
                out[corral[c]] = lambda[c];
            }
            return out;
        }

        /** Appends point p with weight 0: one new column of R; false when p is affinely dependent. */
        private boolean add(int p) {
            // u = R^-T b with b_c = s + <q_c, q_p>, by rows of R (contiguous).
            double[] u = new double[size];
            for (int c = 0; c < size; c++) {
                u[c] = scale + kss[corral[c] * k + p];
            }
            forward(u);
            double diag = scale + kss[p * k + p];
            double pivot = diag;
            double uw = 0;
            for (int c = 0; c < size; c++) {
                pivot -= u[c] * u[c];
                uw += u[c] * w[c];
            }
            if (!(pivot > DEPENDENT * diag)) {
                return false;
            }
            for (int c = 0; c < size; c++) {
                r[c * k + size] = u[c];
            }
            double root = Math.sqrt(pivot);
            r[size * k + size] = root;
            w[size] = (1 - uw) / root;
            corral[size] = p;
            inCorral[p] = true;
            lambda[size] = 0;
            size++;
            return true;
        }

        /** v <- R^-T v for the top-left size x size block, reading R by rows. */
        private void forward(double[] v) {
            for (int d = 0; d < size; d++) {
                double z = v[d] / r[d * k + d];
                v[d] = z;
                int row = d * k;
                for (int c = d + 1; c < size; c++) {
                    v[c] -= r[row + c] * z;
                }
            }
        }

        /** Moves to the affine minimiser of the corral, dropping points until it lies in the simplex. */
        private void minorCycle() {
            while (true) {
                double[] alpha = affineMinimiser();
                int worst = -1;
                double theta = 1;
                for (int c = 0; c < size; c++) {
                    if (alpha[c] <= WEIGHT) {
                        double denominator = lambda[c] - alpha[c];
                        double t = denominator > 0 ? lambda[c] / denominator : 0;
                        if (worst < 0 || t < theta) {
                            theta = Math.max(0, Math.min(1, t));
                            worst = c;
                        }
                    }
                }
                if (worst < 0) {
                    System.arraycopy(alpha, 0, lambda, 0, size);
                    return;
                }
                for (int c = 0; c < size; c++) {
                    lambda[c] = theta * alpha[c] + (1 - theta) * lambda[c];
                }
                lambda[worst] = 0;
                for (int c = size - 1; c >= 0; c--) {
                    if (lambda[c] <= 0) {
                        remove(c);
                    }
                }
                normalise();
                if (size == 1) {
                    lambda[0] = 1;
                    return;
                }
            }
        }

        /** alpha = M^-1 1 / (1^T M^-1 1) = R^-1 w, normalised; w = R^-T 1 is kept up to date. */
        private double[] affineMinimiser() {
            double[] alpha = new double[size];
            double sum = 0;
            for (int c = size - 1; c >= 0; c--) {
                double b = w[c];
                int row = c * k;
                for (int d = c + 1; d < size; d++) {
                    b -= r[row + d] * alpha[d];
                }
                alpha[c] = b / r[row + c];
                sum += alpha[c];
            }
            for (int c = 0; c < size; c++) {
                alpha[c] /= sum;
            }
            return alpha;
        }

        /** Drops column c of the corral and restores R to upper-triangular form with Givens rotations. */
        private void remove(int c) {
            inCorral[corral[c]] = false;
            for (int col = c; col < size - 1; col++) {
                corral[col] = corral[col + 1];
                lambda[col] = lambda[col + 1];
                for (int row = 0; row < size; row++) {
                    r[row * k + col] = r[row * k + col + 1];
                }
            }
            size--;
            for (int row = 0; row < size + 1; row++) {
                r[row * k + size] = 0;
            }
            // Column col now has a subdiagonal entry at (col + 1, col) for col >= c: rotate rows col, col + 1.
            for (int col = c; col < size; col++) {
                double x = r[col * k + col];
                double y = r[(col + 1) * k + col];
                double h = Math.hypot(x, y);
                if (h == 0) {
                    continue;
                }
                double cos = x / h;
                double sin = y / h;
                for (int j = col; j < size; j++) {
                    double top = r[col * k + j];
                    double bottom = r[(col + 1) * k + j];
                    r[col * k + j] = cos * top + sin * bottom;
                    r[(col + 1) * k + j] = -sin * top + cos * bottom;
                }
                r[(col + 1) * k + col] = 0;
                // R' = Q R with Q orthogonal, so R'^T (Q w) = R^T w = 1: w follows by the same rotation.
                double top = w[col];
                double bottom = w[col + 1];
                w[col] = cos * top + sin * bottom;
                w[col + 1] = -sin * top + cos * bottom;
            }
            for (int j = 0; j < k; j++) {
                r[size * k + j] = 0;
            }
            w[size] = 0;
        }

        private void normalise() {
            double sum = 0;
            for (int c = 0; c < size; c++) {
                sum += lambda[c];
            }
            for (int c = 0; c < size; c++) {
                lambda[c] /= sum;
            }
        }
    }
}
