package io.winnow.proofs;

import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The measured rates of docs/theory.md section 3 over a grid of (N, m): the slope of log L_n against
 * n for optimizeGamma (the theorem predicts at most log(1 - r^2/D^2) < 0, a straight line), and
 * of log L_n against log n for fixedGamma (GFS: about -1, steeper when over-parameterised).
 */
public final class Slopes {

    /**
     * One grid cell.
     *
     * @param optimizeGammaSlope  fitted d log L / d n of optimizeGamma
     * @param certificateSlope    mean log(1 - r_k^2/D_k^2) over the fitted steps: the a-posteriori rate
     * @param aPrioriSlope        log(1 - r^2/D^2) with D the path diameter; NaN when r is not computed (m > 3)
     * @param fixedGammaSlope     fitted d log L / d log n of fixedGamma
     * @param optimizeSteps       steps in the optimizeGamma fit
     */
    public record Row(int width, int dimension, long seed, double optimizeGammaSlope, double certificateSlope,
            double aPrioriSlope, double fixedGammaSlope, int optimizeSteps) {
    }

    /** fixedGamma is fitted for n up to this fraction of N: at n = N it reproduces y* exactly, which is no rate. */
    static final double FIXED_FIT_FRACTION = 0.25;

    /** optimizeGamma is fitted while L_n stays this many loss slacks above 0. */
    static final double FLOOR_SLACKS = 1e3;

    private Slopes() {
    }

    public static List<Row> grid(int[] widths, int[] dimensions, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int n : widths) {
            for (int m : dimensions) {
                rows.add(row(Instance.gaussian(m, n, seed + 1000L * n + m), seed));
            }
        }
        return rows;
    }

    public static Row row(Instance instance, long seed) {
        int n = instance.width();
        int m = instance.dimension();
        Selection optimized = OptimizeGamma.select(instance.gram(), Stop.atTolerance(0).withMaxSteps(Math.max(50, 4 * n)));
        double floor = FLOOR_SLACKS * Slack.loss(optimized.lossScale());
        double[] losses = optimized.losses();
        int last = 0;
        while (last + 1 < losses.length && losses[last + 1] > floor) {
            last++;
        }
        double optimizeSlope = Double.NaN;
        double certificateSlope = Double.NaN;
        if (last >= 1) {
            double[] x = new double[last + 1];
            double[] y = new double[last + 1];
            double logContraction = 0;
            for (int k = 0; k <= last; k++) {
                x[k] = k;
                y[k] = Math.log(losses[k]);
            }
            for (int k = 0; k < last; k++) {
                var step = optimized.steps().get(k);
                logContraction += Math.log(Lemma3.contraction(step.margin(), step.diameter()));
            }
            optimizeSlope = SlopeFit.of(x, y).slope();
            certificateSlope = logContraction / last;
        }
        double aPriori = Double.NaN;
        if (m <= 3) {
            double r = instance.inradius().radius();
            double d = RateTheorem.pathDiameter(optimized);
            aPriori = Math.log(1 - r * r / (d * d));
        }
        int fitTo = Math.max(3, (int) (FIXED_FIT_FRACTION * n));
        Selection fixed = FixedGamma.select(instance.gram(), Stop.atCount(fitTo));
        double[] fixedLosses = fixed.losses();
        double[] x = new double[fitTo];
        double[] y = new double[fitTo];
        for (int k = 1; k <= fitTo; k++) {
            x[k - 1] = Math.log(k);
            y[k - 1] = Math.log(fixedLosses[k]);
        }
        return new Row(n, m, seed, optimizeSlope, certificateSlope, aPriori, SlopeFit.of(x, y).slope(), last);
    }

    /** Also offered for reports: the certificate of the same optimizeGamma run. */
    public static Certificate certificate(Instance instance) {
        Selection s = OptimizeGamma.select(instance.gram(), Stop.atTolerance(1e-12).withMaxSteps(4 * instance.width()));
        OptionalDouble r = instance.dimension() <= 3 ? OptionalDouble.of(instance.inradius().radius()) : OptionalDouble.empty();
        return Certificate.of(instance.name(), s, r);
    }
}
