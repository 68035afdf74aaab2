package io.winnow.tf.select;

import java.util.function.DoubleUnaryOperator;

/**
 * The step size of one global-imitation candidate (docs/theory.md section 5.3): minimise
 * phi(t) = L_glob(a moved a fraction t of the way to the end of U_i), t in [0, 1], with few forward
 * passes. phi(0) and phi'(0) are known without a pass (the current loss and the directional
 * derivative from the step's gradient), and L_glob is smooth along a segment, so:
 * <ol>
 *   <li>measure phi(1) (the full step: L_glob is not convex in a, a full step may help where the
 *       slope at 0 rises) and fit the quadratic through phi(0), phi'(0), phi(1);</li>
 *   <li>if its minimum t_q is inside (0, 1), measure phi(t_q). While a measured point reaches less
 *       than {@value #TRUSTED} of the decrease its quadratic predicted, refit the quadratic through
 *       phi(0), phi'(0) and that nearer point and measure its minimum (kept in [t/10, t/2]), at most
 *       {@value #BACKTRACKS} times: on deep nets phi often rises steeply far out (phi(1) tens of
 *       times phi(0)) with the minimum near t = 0.01;</li>
 *   <li>once a point is trusted, one cubic through phi(0), phi'(0), that point and the previous one
 *       proposes t_c, measured when the cubic predicts a gain of more than {@value #WORTH} of the
 *       decrease so far;</li>
 *   <li>if no point is trusted, the model is wrong and the search falls back to the grid t = 2^-k,
 *       k = 0..{@value #GRID}-1, then {@value #GOLDEN} golden-section steps around the best grid point.</li>
 * </ol>
 * Usually two to four passes, where the grid alone takes {@value #GRID} + {@value #GOLDEN} + 2. The
 * result is always a measured point: its value is phi at its t exactly.
 */
final class SegmentSearch {

    /** Fraction of the quadratic model's predicted decrease a measured point must reach to trust the model. */
    static final double TRUSTED = 0.5;
    /** Relative gain over the best measured decrease that makes the cubic's proposal worth a pass. */
    static final double WORTH = 1e-3;
    /** Grid points t = 2^-k of the fallback. */
    static final int GRID = 8;
    /** Refits of the quadratic on nearer points before the model is declared wrong. */
    static final int BACKTRACKS = 4;
    /** Golden-section steps of the fallback. */
    static final int GOLDEN = 6;

    /**
     * The best measured point: t (0 if none measured lowers phi below phi(0)), its value, the passes
     * spent and whether the model failed and the grid was searched.
     */
    record Result(double t, double value, int evaluations, boolean fellBack) {
    }

    private final Probe probe;
    private final double phi0;
    private final double slope0;
    private final double phi1;
    /** The quadratic's interior minimum t_q, or NaN when its minimum on [0, 1] is an end. */
    private final double tq;
    private final double promise;
    private boolean fellBack;

    private SegmentSearch(DoubleUnaryOperator phi, double phi0, double slope0) {
        this.probe = new Probe(phi, phi0);
        this.phi0 = phi0;
        this.slope0 = slope0;
        this.phi1 = probe.at(1);
        double q = phi1 - phi0 - slope0; // phi(t) ~ phi0 + slope0 t + q t^2
        if (slope0 < 0 && q > 0 && -slope0 / (2 * q) < 1) {
            tq = -slope0 / (2 * q);
            promise = phi0 - slope0 * slope0 / (4 * q);
        } else {
            tq = Double.NaN;
            promise = Math.min(phi0, phi1);
        }
    }

    /**
     * @param phi    phi(t) for t in (0, 1], one forward pass per call
     * @param phi0   phi(0)
     * @param slope0 phi'(0)
     */
    static Result minimise(DoubleUnaryOperator phi, double phi0, double slope0) {
        SegmentSearch search = new SegmentSearch(phi, phi0, slope0);
        search.refine();
        return search.probe.result(search.fellBack);
    }

    /** Steps 2 to 4 of the class comment. */
    private void refine() {
        if (Double.isNaN(tq)) {
            return;
        }
        double t = tq;
        double predicted = promise;
        double tFar = 1;
        double vFar = phi1;
        for (int k = 0; ; k++) {
            double v = probe.at(t);
            if (phi0 - v >= TRUSTED * (phi0 - predicted)) {
                cubic(t, v, tFar, vFar);
                return;
            }
            if (k == BACKTRACKS) {
                grid();
                return;
            }
            // v lies above the model at t, so the refitted curvature is larger and its minimum nearer.
            double q = (v - phi0 - slope0 * t) / (t * t);
            double next = Math.max(0.1 * t, Math.min(0.5 * t, -slope0 / (2 * q)));
            predicted = phi0 + next * (slope0 + q * next);
            tFar = t;
            vFar = v;
            t = next;
        }
    }

    /** Cubic phi0 + slope0 t + b t^2 + c t^3 through (t1, v1) and (t2, v2), t1 < t2: its minimum in (0, t2), if worth a pass. */
    private void cubic(double t1, double v1, double t2, double v2) {
        double r1 = (v1 - phi0 - slope0 * t1) / (t1 * t1);
        double r2 = (v2 - phi0 - slope0 * t2) / (t2 * t2);
        double c = (r2 - r1) / (t2 - t1);
        double b = r1 - c * t1;
        double discriminant = b * b - 3 * c * slope0;
        if (discriminant >= 0 && b + Math.sqrt(discriminant) > 0) {
            double tc = -slope0 / (b + Math.sqrt(discriminant)); // the root of phi' where phi'' > 0
            double value = phi0 + tc * (slope0 + tc * (b + tc * c));
            double best = probe.best;
            if (tc > 0 && tc < t2 && Math.abs(tc - t1) > 1e-9 * t2
                    && value < best - WORTH * (phi0 - best)) {
                probe.at(tc);
            }
        }
    }

    /** The fallback: grid t = 2^-k, then golden section in the bracket of the best grid point. */
    private void grid() {
        fellBack = true;
        double[] t = new double[GRID];
        double[] v = new double[GRID];
        int best = 0;
        for (int k = 0; k < GRID; k++) {
            t[k] = Math.scalb(1.0, -k);
            v[k] = k == 0 ? phi1 : probe.at(t[k]);
            if (v[k] < v[best]) {
                best = k;
            }
        }
        double lo = best + 1 < GRID ? t[best + 1] : 0;
        double hi = best > 0 ? t[best - 1] : 1;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - ratio * (hi - lo);
        double x2 = lo + ratio * (hi - lo);
        double f1 = probe.at(x1);
        double f2 = probe.at(x2);
        for (int r = 0; r < GOLDEN; r++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - ratio * (hi - lo);
                f1 = probe.at(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + ratio * (hi - lo);
                f2 = probe.at(x2);
            }
        }
    }

    /** Measures phi and keeps the lowest point. */
    private static final class Probe {
        private final DoubleUnaryOperator phi;
        private double bestT;
        private double best;
        private int evaluations;

        Probe(DoubleUnaryOperator phi, double phi0) {
            this.phi = phi;
            this.best = phi0;
        }

        double at(double t) {
            double v = phi.applyAsDouble(t);
            evaluations++;
            if (v < best) {
                best = v;
                bestT = t;
            }
            return v;
        }

        Result result(boolean fellBack) {
            return new Result(bestT, best, evaluations, fellBack);
        }
    }
}
