package io.winnow.proofs;

import io.winnow.engine.select.Gram;
import java.util.SplittableRandom;

/**
 * One synthetic layer for the section 3 checks: N neuron contributions phi_i in R^m given as
 * phi[row][neuron], with their Gram matrix and the geometry the lemmas talk about.
 */
public record Instance(String name, double[][] phi, Gram gram) {

    public static Instance of(String name, double[][] phi) {
        return new Instance(name, phi, Gram.ofPhi(phi));
    }

    /** phi_i with i.i.d. standard normal entries plus a per-coordinate offset in [-1, 1] (y* != 0). */
    public static Instance gaussian(int m, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] phi = new double[m][n];
        for (int row = 0; row < m; row++) {
            double offset = rng.nextDouble(-1, 1);
            for (int i = 0; i < n; i++) {
                phi[row][i] = offset + gaussian(rng);
            }
        }
        return of("gaussian(m=" + m + ", N=" + n + ", seed=" + seed + ")", phi);
    }

    /** phi_i uniform in the unit cube [0, 1]^m: a fixed bounded distribution for Lemma 1's curve. */
    public static Instance uniformCube(int m, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] phi = new double[m][n];
        for (int row = 0; row < m; row++) {
            for (int i = 0; i < n; i++) {
                phi[row][i] = rng.nextDouble();
            }
        }
        return of("cube(m=" + m + ", N=" + n + ", seed=" + seed + ")", phi);
    }

    public int width() {
        return phi[0].length;
    }

    public int dimension() {
        return phi.length;
    }

    /** The vertices N phi_i of M (docs/theory.md section 3), one row per neuron. */
    public double[][] vertices() {
        int n = width();
        double[][] v = new double[n][dimension()];
        for (int i = 0; i < n; i++) {
            for (int row = 0; row < dimension(); row++) {
                v[i][row] = n * phi[row][i];
            }
        }
        return v;
    }

    /** y* = sum_i phi_i, the barycentre of the vertices. */
    public double[] target() {
        double[] y = new double[dimension()];
        for (int row = 0; row < dimension(); row++) {
            for (double x : phi[row]) {
                y[row] += x;
            }
        }
        return y;
    }

    /** The exact relative inradius r of y* in M. */
    public Inradius inradius() {
        return Geometry.inradius(vertices(), target());
    }

    /** diam M. */
    public double diameter() {
        return Geometry.diameter(vertices());
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
