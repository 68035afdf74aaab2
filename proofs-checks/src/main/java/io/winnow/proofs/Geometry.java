package io.winnow.proofs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact geometry of M = conv{N phi_i} around y* (docs/theory.md section 3): the relative inradius r
 * and the diameter. Exact means "up to double rounding": r is the distance from the centre to
 * the nearest facet hyperplane, and facets are found by brute force, so this is for small
 * instances (low dimension, or few vertices).
 */
public final class Geometry {

    /** Relative tolerance of "on the hyperplane" and "linearly dependent", against the polytope's radius. */
    private static final double TOLERANCE = 1e-10;

    private Geometry() {
    }

    /**
     * r for a centre in the relative interior of conv(points), in any dimension. The points are
     * expressed in an orthonormal basis of their affine hull (through the centre); every subset
     * of d affinely independent points spans a hyperplane, and those with all points on one side
     * are facet hyperplanes; r is the smallest distance from the centre to one of them.
     * Cost O(C(N, d) N d): fine for d <= 3 with N in the hundreds, or for the constructed polytopes.
     */
    public static Inradius inradius(double[][] points, double[] centre) {
        double[][] x = hullCoordinates(points, centre);
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        if (d == 0) {
            return new Inradius(0, 0, 0);
        }
        double scale = 0;
        for (double[] p : x) {
            scale = Math.max(scale, norm(p));
        }
        double tol = TOLERANCE * scale;
        double best = Double.POSITIVE_INFINITY;
        int facets = 0;
        int[] subset = new int[d];
        for (int i = 0; i < d; i++) {
            subset[i] = i;
        }
        while (true) {
            double[] normal = normalThrough(x, subset, tol);
            if (normal != null) {
                double offset = dot(normal, x[subset[0]]);
                boolean below = true;
                boolean above = true;
                for (double[] p : x) {
                    double side = dot(normal, p) - offset;
                    below &= side <= tol;
                    above &= side >= -tol;
                }
                if (below || above) {
                    facets++;
                    best = Math.min(best, Math.abs(offset));
                }
            }
            if (!nextSubset(subset, n)) {
                break;
            }
        }
        return new Inradius(best, d, facets);
    }

    /**
     * r when the affine hull is 2-dimensional, through the convex hull (Andrew's monotone chain):
     * an independent route to the same number as {@link #inradius} in the plane.
     */
    public static Inradius planarInradius(double[][] points, double[] centre) {
        double[][] x = hullCoordinates(points, centre);
        if (x.length == 0 || x[0].length != 2) {
            throw new IllegalArgumentException("the points do not span a plane");
        }
        double[][] hull = convexHull(x);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < hull.length; i++) {
            double[] p = hull[i];
            double[] q = hull[(i + 1) % hull.length];
            double ex = q[0] - p[0];
            double ey = q[1] - p[1];
            // distance from the origin (the centre) to the line through p and q
            best = Math.min(best, Math.abs(p[0] * ey - p[1] * ex) / Math.hypot(ex, ey));
        }
        return new Inradius(best, 2, hull.length);
    }

    /** diam conv(points) = the largest distance between two points. */
    public static double diameter(double[][] points) {
        double best = 0;
        for (int i = 0; i < points.length; i++) {
            for (int j = i + 1; j < points.length; j++) {
                double s = 0;
                for (int t = 0; t < points[i].length; t++) {
                    double diff = points[i][t] - points[j][t];
                    s += diff * diff;
                }
                best = Math.max(best, s);
            }
        }
        return Math.sqrt(best);
    }

    /** Coordinates of points - centre in an orthonormal basis of their span (modified Gram-Schmidt). */
    static double[][] hullCoordinates(double[][] points, double[] centre) {
        double scale = 0;
        double[][] w = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            w[i] = new double[centre.length];
            for (int t = 0; t < centre.length; t++) {
                w[i][t] = points[i][t] - centre[t];
            }
            scale = Math.max(scale, norm(w[i]));
        }
        List<double[]> basis = new ArrayList<>();
        for (double[] v : w) {
            double[] residual = v.clone();
            // twice, so the basis stays orthogonal to rounding ("twice is enough")
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    subtract(residual, q, dot(residual, q));
                }
            }
            double len = norm(residual);
            if (len > TOLERANCE * scale * 1e3) {
                for (int t = 0; t < residual.length; t++) {
                    residual[t] /= len;
                }
                basis.add(residual);
            }
        }
        double[][] x = new double[points.length][basis.size()];
        for (int i = 0; i < points.length; i++) {
            for (int b = 0; b < basis.size(); b++) {
                x[i][b] = dot(w[i], basis.get(b));
            }
        }
        return x;
    }

    /** The unit normal of the hyperplane through x[subset], or null when they are affinely dependent. */
    private static double[] normalThrough(double[][] x, int[] subset, double tol) {
        int d = x[0].length;
        List<double[]> span = new ArrayList<>();
        for (int s = 1; s < subset.length; s++) {
            double[] v = x[subset[s]].clone();
            subtract(v, x[subset[0]], 1);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : span) {
                    subtract(v, q, dot(v, q));
                }
            }
            double len = norm(v);
            if (len <= tol) {
                return null;
            }
            for (int t = 0; t < d; t++) {
                v[t] /= len;
            }
            span.add(v);
        }
        double[] bestResidual = null;
        double bestLen = 0;
        for (int j = 0; j < d; j++) {
            double[] e = new double[d];
            e[j] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : span) {
                    subtract(e, q, dot(e, q));
                }
            }
            double len = norm(e);
            if (len > bestLen) {
                bestLen = len;
                bestResidual = e;
            }
        }
        for (int t = 0; t < d; t++) {
            bestResidual[t] /= bestLen;
        }
        return bestResidual;
    }

    private static boolean nextSubset(int[] subset, int n) {
        int k = subset.length;
        int i = k - 1;
        while (i >= 0 && subset[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        subset[i]++;
        for (int j = i + 1; j < k; j++) {
            subset[j] = subset[j - 1] + 1;
        }
        return true;
    }

    /** Andrew's monotone chain; counter-clockwise, collinear points dropped. */
    private static double[][] convexHull(double[][] points) {
        double[][] p = points.clone();
        Arrays.sort(p, (u, v) -> u[0] != v[0] ? Double.compare(u[0], v[0]) : Double.compare(u[1], v[1]));
        double[][] hull = new double[2 * p.length][];
        int k = 0;
        for (double[] q : p) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], q) <= 0) {
                k--;
            }
            hull[k++] = q;
        }
        for (int i = p.length - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) {
                k--;
            }
            hull[k++] = p[i];
        }
        return Arrays.copyOf(hull, k - 1);
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /** x . y, summed in index order. */
    public static double dot(double[] x, double[] y) {
        double s = 0;
        for (int t = 0; t < x.length; t++) {
            s += x[t] * y[t];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static void subtract(double[] target, double[] v, double alpha) {
        for (int t = 0; t < target.length; t++) {
            target[t] -= alpha * v[t];
        }
    }
}
