package io.winnow.proofs.deep;

import io.winnow.proofs.Geometry;
import java.util.SplittableRandom;

/**
 * The spectral norm ||A||_2 of a {@link LinearMap} by Lanczos iteration on A^T A (docs/theory.md
 * section 4). Its Ritz value approaches sigma_max^2 from below, so the reported {@code bound} is the
 * converged estimate times (1 + margin): an estimate with a safety margin, not a certified upper
 * bound.
 *
 * @param maxIterations cap on A^T A products
 * @param tolerance     stop when the Ritz pair's residual is at most this times the estimate of sigma_max^2
 * @param margin        bound = estimate * (1 + margin)
 * @param seed          of the Gaussian start vector
 */
public record SpectralNorm(int maxIterations, double tolerance, double margin, long seed) {

    /** 2000 products, residual 1e-9 of sigma^2, margin 1e-3, seed 1. */
    public static final SpectralNorm DEFAULT = new SpectralNorm(2000, 1e-9, 1e-3, 1);

    public SpectralNorm {
        if (maxIterations < 1 || !(tolerance > 0) || !(margin >= 0)) {
            throw new IllegalArgumentException("spectral norm: need maxIterations >= 1, tolerance > 0, margin >= 0");
        }
    }

    /**
     * @param estimate   sigma_max as Lanczos found it (a lower bound up to rounding)
     * @param bound      estimate * (1 + margin): what the check uses as the Lipschitz constant
     * @param iterations A^T A products done
     * @param converged  false when the cap stopped it
     */
    public record Estimate(double estimate, double bound, int iterations, boolean converged) {
    }

    /** Lanczos vectors kept before a restart: bounds memory to this many copies of the input. */
    static final int BASIS = 48;
    /** The tridiagonal's largest eigenpair is checked every this many products (and at a cycle's end). */
    private static final int CHECK = 4;

    /**
     * sigma_max by Lanczos on A^T A with full reorthogonalisation, restarted from the best Ritz vector every
     * {@value #BASIS} products. The Ritz value theta approaches lambda_max = sigma_max^2 from below, as power
     * iteration's estimate does, but in far fewer products (the README job's Theorem 4: 22 s of power
     * iteration); it stops when the Ritz pair's residual ||A^T A y - theta y|| = beta_j |s_j| is at most
     * {@code tolerance} theta, which bounds |lambda - theta| for an eigenvalue lambda.
     */
    public Estimate of(LinearMap map) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = map.inputSize();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        double norm = norm(v);
        if (norm == 0) {
            return new Estimate(0, 0, 0, true);
        }
        scale(v, 1 / norm);
        int products = 0;
        double theta = 0;
        while (true) {
            int m = Math.min(BASIS, n);
            double[][] q = new double[m][];
            double[] alpha = new double[m];
            double[] beta = new double[m];
            q[0] = v;
            double[] ritz = null;
            for (int j = 0; j < m && products < maxIterations; j++) {
                double[] w = map.adjoint(map.apply(q[j]));
                products++;
                alpha[j] = Geometry.dot(w, q[j]);
                for (int pass = 0; pass < 2; pass++) { // full reorthogonalisation, twice is enough
                    for (int i = 0; i <= j; i++) {
                        double c = Geometry.dot(w, q[i]);
                        axpy(-c, q[i], w);
                    }
                }
                beta[j] = norm(w);
                boolean last = j + 1 == m || products == maxIterations;
                if ((j + 1) % CHECK == 0 || last || beta[j] == 0) {
                    double[] pair = largestEigenpair(alpha, beta, j + 1);
                    theta = pair[0];
                    ritz = pair;
                    if (theta == 0) {
                        return new Estimate(0, 0, products, true);
                    }
                    double residual = beta[j] * Math.abs(pair[j + 1]);
                    if (residual <= tolerance * theta) {
                        double sigma = Math.sqrt(theta);
                        return new Estimate(sigma, sigma * (1 + margin), products, true);
                    }
                }
                if (j + 1 < m) {
                    if (beta[j] == 0) {
                        break; // an invariant subspace: theta is exact, caught by the residual above
                    }
                    scale(w, 1 / beta[j]);
                    q[j + 1] = w;
                }
            }
            if (products >= maxIterations || ritz == null) {
                double sigma = Math.sqrt(theta);
                return new Estimate(sigma, sigma * (1 + margin), products, false);
            }
            // Restart from the Ritz vector y = Q s.
            double[] y = new double[n];
            for (int i = 0; i < q.length && q[i] != null && i + 1 < ritz.length; i++) {
                axpy(ritz[i + 1], q[i], y);
            }
            double ny = norm(y);
            scale(y, 1 / ny);
            v = y;
        }
    }

    /**
     * The largest eigenvalue of the symmetric tridiagonal matrix of diagonal alpha[0..k) and off-diagonal
     * beta[0..k-1), and its unit eigenvector: {theta, s_1, ..., s_k}. theta by bisection on the Sturm count
     * (how many eigenvalues lie below x: the negative pivots of T - x I), to the last bit; s by inverse
     * iteration with a shift just above theta, where T - shift I is negative definite and the tridiagonal
     * solve needs no pivoting.
     */
    static double[] largestEigenpair(double[] alpha, double[] beta, int k) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) { // Gershgorin discs hold every eigenvalue
            double r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0);
            lo = Math.min(lo, alpha[i] - r);
            hi = Math.max(hi, alpha[i] + r);
        }
        while (true) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (below(alpha, beta, k, mid) == k) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double theta = lo;
        double shift = hi + 1e-12 * Math.max(Math.abs(hi), Double.MIN_NORMAL);
        double[] s = new double[k];
        java.util.Arrays.fill(s, 1 / Math.sqrt(k));
        double[] c = new double[k];
        for (int it = 0; it < 3; it++) {
            // Thomas' algorithm on (T - shift I) x = s.
            double m = alpha[0] - shift;
            c[0] = k > 1 ? beta[0] / m : 0;
            s[0] = s[0] / m;
            for (int i = 1; i < k; i++) {
                m = alpha[i] - shift - beta[i - 1] * c[i - 1];
                c[i] = i + 1 < k ? beta[i] / m : 0;
                s[i] = (s[i] - beta[i - 1] * s[i - 1]) / m;
            }
            for (int i = k - 2; i >= 0; i--) {
                s[i] -= c[i] * s[i + 1];
            }
            double n = norm(s);
            for (int i = 0; i < k; i++) {
                s[i] /= n;
            }
        }
        double[] pair = new double[k + 1];
        pair[0] = theta;
        System.arraycopy(s, 0, pair, 1, k);
        return pair;
    }

    /** How many eigenvalues of the tridiagonal lie below x: the negative pivots of T - x I (Sturm). */
    private static int below(double[] alpha, double[] beta, int k, double x) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < k; i++) {
            double off = i > 0 ? beta[i - 1] * beta[i - 1] / q : 0;
            q = alpha[i] - x - off;
            if (q == 0) {
                q = -1e-300; // x is an eigenvalue: count it as below, so bisection keeps it above lo
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += c * x[i];
        }
    }

    static double norm(double[] v) {
        return Math.sqrt(Geometry.dot(v, v));
    }

    private static void scale(double[] v, double f) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
        }
    }
}
