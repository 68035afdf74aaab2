package io.winnow.proofs;

import java.util.SplittableRandom;

/**
 * Polytopes with a known inradius around their centre, to validate {@link Geometry#inradius}
 * in any dimension d. Each can be placed into a larger ambient space by a random isometry, so
 * the check also exercises the affine-hull reduction.
 */
public final class Polytopes {

    /** Vertices, the centre, and the inradius known in closed form. */
    public record Known(String name, double[][] vertices, double[] centre, double inradius) {
    }

    private Polytopes() {
    }

    /**
     * The regular simplex on the d+1 unit vectors of R^{d+1}, centred at (1/(d+1)) 1: it lies in
     * the hyperplane sum x = 1, so it is lower-dimensional in its ambient space. Circumradius
     * R = sqrt(d/(d+1)), inradius R/d = 1/sqrt(d(d+1)).
     */
    public static Known regularSimplex(int d) {
        double[][] v = new double[d + 1][d + 1];
        double[] c = new double[d + 1];
        for (int i = 0; i <= d; i++) {
            v[i][i] = 1;
            c[i] = 1.0 / (d + 1);
        }
        return new Known("simplex(" + d + ")", v, c, 1 / Math.sqrt((double) d * (d + 1)));
    }

    /** The cross-polytope conv{+-e_i} in R^d: its facets x.s = 1 (s in {+-1}^d) lie at 1/sqrt(d). */
    public static Known crossPolytope(int d) {
        double[][] v = new double[2 * d][d];
        for (int i = 0; i < d; i++) {
            v[2 * i][i] = 1;
            v[2 * i + 1][i] = -1;
        }
        return new Known("cross(" + d + ")", v, new double[d], 1 / Math.sqrt(d));
    }

    /** The hypercube {-1, 1}^d: its facets x_i = +-1 lie at 1. */
    public static Known hypercube(int d) {
        double[][] v = new double[1 << d][d];
        for (int mask = 0; mask < (1 << d); mask++) {
            for (int i = 0; i < d; i++) {
                v[mask][i] = ((mask >> i) & 1) == 1 ? 1 : -1;
            }
        }
        return new Known("cube(" + d + ")", v, new double[d], 1);
    }

    /**
     * The same polytope moved into R^ambient by a random rotation and translation: distances,
     * hence the inradius, are unchanged, and the affine hull is a proper subspace.
     */
    public static Known embedded(Known p, int ambient, long seed) {
        int d = p.centre().length;
        if (ambient < d) {
            throw new IllegalArgumentException("cannot embed R^" + d + " into R^" + ambient);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = randomOrthonormalColumns(rng, ambient, d);
        double[] shift = new double[ambient];
        for (int t = 0; t < ambient; t++) {
            shift[t] = rng.nextDouble(-3, 3);
        }
        double[][] v = new double[p.vertices().length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = apply(q, p.vertices()[i], shift);
        }
        return new Known(p.name() + " in R^" + ambient, v, apply(q, p.centre(), shift), p.inradius());
    }

    private static double[] apply(double[][] q, double[] x, double[] shift) {
        double[] y = shift.clone();
        for (int t = 0; t < y.length; t++) {
            for (int j = 0; j < x.length; j++) {
                y[t] += q[t][j] * x[j];
            }
        }
        return y;
    }

    private static double[][] randomOrthonormalColumns(SplittableRandom rng, int rows, int cols) {
        double[][] cs = new double[cols][rows];
        for (int j = 0; j < cols; j++) {
            for (int t = 0; t < rows; t++) {
                cs[j][t] = rng.nextDouble(-1, 1);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    double proj = Geometry.dot(cs[j], cs[i]);
                    for (int t = 0; t < rows; t++) {
                        cs[j][t] -= proj * cs[i][t];
                    }
                }
            }
            double len = Geometry.norm(cs[j]);
            for (int t = 0; t < rows; t++) {
                cs[j][t] /= len;
            }
        }
        double[][] q = new double[rows][cols];
        for (int t = 0; t < rows; t++) {
            for (int j = 0; j < cols; j++) {
                q[t][j] = cs[j][t];
            }
        }
        return q;
    }
}
