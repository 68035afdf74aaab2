package io.winnow.engine.select;

import java.util.function.DoubleUnaryOperator;

/**
 * The step size of one global-imitation candidate (docs/theory.md section 5.3): minimise
 * phi(t) = L_glob(a moved a fraction t of the way to the end of U_i), t in [0, 1], with few forward
 * passes. phi(0) and phi'(0) are known without a pass (the current loss and the directional
 * derivative from the step's gradient), and L_glob is smooth along a segment, so:
 * <ol>
 *   <li>measure phi(1) (the full step: L_glob is not convex in a, a full step may help where the
 *       slope at 0 rises) and fit the quadratic through phi(0), phi'(0), phi(1);</li>
 *   <li>if the model's minimum is the full step while phi(1) &lt; phi(0), measure phi(1/2) as a
 *       check and interpolate from there if it is lower;</li>
 *   <li>if its minimum t_q is inside (0, 1), measure phi(t_q). While a measured point reaches less
 *       than {@value #TRUSTED} of the decrease its quadratic predicted, refit the quadratic through
 *       phi(0), phi'(0) and that nearer point and measure its minimum (kept in [t/10, t/2]), at most
 *       {@value #BACKTRACKS} times: on deep nets phi often rises steeply far out (phi(1) tens of
 *       times phi(0)) with the minimum near t = 0.01;</li>
 *   <li>once a point is trusted, up to {@value #INTERPOLATIONS} interpolation steps around the best
 *       measured point (see {@link #interpolate}), each measured when it predicts a gain of more than
 *       {@value #WORTH} of the decrease so far;</li>
 *   <li>if no point is trusted, the model is wrong and the search falls back to the grid t = 2^-k,
 *       k = 0..{@value #GRID}-1, then {@value #GOLDEN} golden-section steps around the best grid point.</li>
 * </ol>
 * Usually two to four passes, where the grid alone takes {@value #GRID} + {@value #GOLDEN} + 2. The
 * result is always a measured point: its value is phi at its t exactly.
 */
final class SegmentSearch {

    /** Fraction of the quadratic model's predicted decrease a measured point must reach to trust the model. */
    static final double TRUSTED = 0.5;
    /** Relative gain over the best measured decrease that makes an interpolated point worth a pass. */
    static final double WORTH = 1e-3;
    /** Grid points t = 2^-k of the fallback. */
    static final int GRID = 8;
    /** Interpolation steps once a point is trusted. */
    static final int INTERPOLATIONS = 3;
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

    /**
     * The grid alone (t = 2^-k, then golden section) after phi(1): what a step falls back to when no
     * candidate's model search found a decrease, since L_glob need not follow the model at all there
     * (a dead start, where every slope at 0 rises and the decrease lies out on the segment).
     */
    static Result grid(DoubleUnaryOperator phi, double phi0) {
        SegmentSearch search = new SegmentSearch(phi, phi0, 0);
        search.grid();
        return search.probe.result(true);
    }

    /** Steps 2 to 4 of the class comment. */
    private void refine() {
        double t = tq;
        double predicted = promise;
        if (Double.isNaN(tq)) {
            if (!(slope0 < 0 && phi1 < phi0)) {
                return;
            }
            // The model's minimum is the full step: checked at t = 1/2, since a kinked phi (a unit
            // switching off) can bottom out before 1 while the quadratic says beyond.
            t = 0.5;
            predicted = phi0 + 0.5 * slope0 + 0.25 * (phi1 - phi0 - slope0);
            if (probe.at(t) >= phi1) {
                return;
            }
            interpolate();
            return;
        }
        for (int k = 0; ; k++) {
            double v = probe.at(t);
            if (phi0 - v >= TRUSTED * (phi0 - predicted)) {
                interpolate();
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
            t = next;
        }
    }

    /**
     * Up to {@value #INTERPOLATIONS} interpolation steps around the best measured point b: with its
     * nearest measured neighbours l below (t = 0 included) and r above, the quadratic through phi(0),
     * phi'(0), phi(b) when l = 0, else the parabola through l, b, r; its minimum in (l, r) is measured
     * while it predicts a gain of more than {@value #WORTH} of the decrease so far.
     */
    private void interpolate() {
        for (int step = 0; step < INTERPOLATIONS; step++) {
            double best = probe.best;
            double tb = probe.bestT;
            java.util.Map.Entry<Double, Double> left = probe.points.lowerEntry(tb);
            java.util.Map.Entry<Double, Double> right = probe.points.higherEntry(tb);
            if (tb == 0 || right == null) {
                return;
            }
            double tl = left.getKey();
            double tr = right.getKey();
            double next;
            double value;
            if (tl == 0) {
                // The quadratic through phi(0), phi'(0) and b: a far right neighbour (phi(1) may be
                // tens of times phi(0)) says little about the curvature near b.
                double q = (best - phi0 - slope0 * tb) / (tb * tb);
                if (!(q > 0)) {
                    return;
                }
                next = -slope0 / (2 * q);
                value = phi0 + next * (slope0 + q * next);
            } else {
                double vl = left.getValue();
                double vr = right.getValue();
                double dl = (best - vl) / (tb - tl);
                double dr = (vr - best) / (tr - tb);
                double curvature = (dr - dl) / (tr - tl); // the parabola's t^2 coefficient
                if (!(curvature > 0)) {
                    return;
                }
                next = 0.5 * (tl + tb) - dl / (2 * curvature);
                value = best + (next - tb) * (dl + curvature * (next - tl));
            }
            if (!(next > tl && next < tr) || Math.abs(next - tb) <= 1e-9 * tr
                    || !(value < best - WORTH * (phi0 - best))) {
                return;
            }
            probe.at(next);
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
        /** Every measured point, t = 0 included. */
        private final java.util.TreeMap<Double, Double> points = new java.util.TreeMap<>();

        Probe(DoubleUnaryOperator phi, double phi0) {
            this.phi = phi;
            this.best = phi0;
            points.put(0.0, phi0);
        }

        double at(double t) {
            double v = phi.applyAsDouble(t);
            evaluations++;
            points.put(t, v);
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
