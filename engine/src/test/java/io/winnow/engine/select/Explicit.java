package io.winnow.engine.select;

import java.util.SplittableRandom;

/**
 * The slow reference for tests: vectors in R^m built from an explicit Phi, never from G.
 * phi[row][neuron] is m x N, as {@link Gram#ofPhi(double[][])} takes it.
 */
final class Explicit {

    private Explicit() {
    }

    /** A random m x N Phi: Gaussian entries around a random per-row offset, so y* is not 0. */
    static double[][] randomPhi(SplittableRandom rng, int m, int n) {
        double[][] phi = new double[m][n];
        for (int row = 0; row < m; row++) {
            double offset = rng.nextDouble(-1, 1);
            for (int i = 0; i < n; i++) {
                phi[row][i] = offset + gaussian(rng);
            }
        }
        return phi;
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** N phi_i. */
    static double[] vertex(double[][] phi, int i) {
        int n = phi[0].length;
        double[] v = new double[phi.length];
        for (int row = 0; row < phi.length; row++) {
            v[row] = n * phi[row][i];
        }
        return v;
    }

    /** y* = sum_i phi_i. */
    static double[] target(double[][] phi) {
        double[] y = new double[phi.length];
        for (int row = 0; row < phi.length; row++) {
            for (double x : phi[row]) {
                y[row] += x;
            }
        }
        return y;
    }

    /** f(a) = N sum_i a_i phi_i. */
    static double[] output(double[][] phi, double[] a) {
        int n = phi[0].length;
        double[] f = new double[phi.length];
        for (int row = 0; row < phi.length; row++) {
            for (int i = 0; i < n; i++) {
                f[row] += n * a[i] * phi[row][i];
            }
        }
        return f;
    }

    /** (1/m) ||f - y*||^2. */
    static double loss(double[][] phi, double[] f) {
        double[] y = target(phi);
        return dot(minus(f, y), minus(f, y)) / phi.length;
    }

    static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            out[t] = x[t] - y[t];
        }
        return out;
    }

    static double[] move(double[] f, double[] v, double gamma) {
        double[] out = new double[f.length];
        for (int t = 0; t < f.length; t++) {
            out[t] = (1 - gamma) * f[t] + gamma * v[t];
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int t = 0; t < x.length; t++) {
            s += x[t] * y[t];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** A random point of the simplex (normalised exponentials), some coordinates exactly 0. */
    static double[] randomSimplexPoint(SplittableRandom rng, int n) {
        double[] a = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(4) == 0 ? 0 : -Math.log(1 - rng.nextDouble());
            sum += a[i];
        }
        if (sum == 0) {
            a[0] = sum = 1;
        }
        for (int i = 0; i < n; i++) {
            a[i] /= sum;
        }
        return a;
    }

    /**
     * The final weights of a run: the replay of its steps, or, when optimizeGamma kept GFS's polished
     * face instead ({@link GfsComparison}), a point of the simplex with at most k neurons whose L,
     * computed afresh from G, is the recorded face loss and below the path's own end.
     */
    static void assertFinalWeights(Gram gram, Selection s, int k) {
        double[] a = s.weights();
        if (!s.tookGfsFace()) {
            org.assertj.core.api.Assertions.assertThat(a).containsExactly(s.weightsAfter(s.steps().size()));
            return;
        }
        double sum = 0;
        for (double w : a) {
            org.assertj.core.api.Assertions.assertThat(w).isGreaterThanOrEqualTo(0);
            sum += w;
        }
        org.assertj.core.api.Assertions.assertThat(sum).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-12));
        org.assertj.core.api.Assertions.assertThat(s.kept().length).isLessThanOrEqualTo(k);
        org.assertj.core.api.Assertions.assertThat(gram.loss(a))
                .isCloseTo(s.loss(), org.assertj.core.api.Assertions.within(1e-9 * gram.lossScale()));
        org.assertj.core.api.Assertions.assertThat(s.loss()).isLessThan(s.pathLoss());
    }
}
