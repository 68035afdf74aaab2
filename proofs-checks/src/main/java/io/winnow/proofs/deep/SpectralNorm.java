package io.winnow.proofs.deep;

import java.util.SplittableRandom;

/**
 * The spectral norm ||A||_2 of a {@link LinearMap} by power iteration on A^T A (docs/theory.md
 * section 4). Power iteration approaches sigma_max from below, so the reported {@code bound} is the
 * converged estimate times (1 + margin): an estimate with a safety margin, not a certified upper
 * bound.
 *
 * @param maxIterations cap on A^T A products
 * @param tolerance     stop when the estimate of sigma_max^2 changes by at most this, relatively
 * @param margin        bound = estimate * (1 + margin)
 * @param seed          of the Gaussian start vector
 */
public record SpectralNorm(int maxIterations, double tolerance, double margin, long seed) {

    /** 2000 iterations, relative change 1e-9 in sigma^2, margin 1e-3, seed 1. */
    public static final SpectralNorm DEFAULT = new SpectralNorm(2000, 1e-9, 1e-3, 1);

    public SpectralNorm {
        if (maxIterations < 1 || !(tolerance > 0) || !(margin >= 0)) {
            throw new IllegalArgumentException("spectral norm: need maxIterations >= 1, tolerance > 0, margin >= 0");
        }
    }

    /**
     * @param estimate   sigma_max as power iteration found it (a lower bound up to rounding)
     * @param bound      estimate * (1 + margin): what the check uses as the Lipschitz constant
     * @param iterations A^T A products done
     * @param converged  false when the cap stopped it
     */
    public record Estimate(double estimate, double bound, int iterations, boolean converged) {
    }

    public Estimate of(LinearMap map) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[map.inputSize()];
        for (int i = 0; i < v.length; i++) {
            double u = 1.0 - random.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        double norm = norm(v);
        if (norm == 0) {
            return new Estimate(0, 0, 0, true);
        }
        scale(v, 1 / norm);
        double previous = -1;
        for (int it = 1; it <= maxIterations; it++) {
            double[] w = map.adjoint(map.apply(v));
            // For unit v, ||A^T A v|| lies between v^T A^T A v and lambda_max: the better lower bound.
            double lambda = norm(w);
            if (lambda == 0) {
                return new Estimate(0, 0, it, true);
            }
            scale(w, 1 / lambda);
            v = w;
            if (previous >= 0 && Math.abs(lambda - previous) <= tolerance * lambda) {
                double sigma = Math.sqrt(lambda);
                return new Estimate(sigma, sigma * (1 + margin), it, true);
            }
            previous = lambda;
        }
        double sigma = Math.sqrt(previous);
        return new Estimate(sigma, sigma * (1 + margin), maxIterations, false);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void scale(double[] v, double f) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
        }
    }
}
