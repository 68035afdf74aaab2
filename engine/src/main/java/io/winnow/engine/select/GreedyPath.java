package io.winnow.engine.select;

/**
 * The current pruned output f = N Phi a of a greedy run, held through a and the maintained
 * vector G a (docs/theory.md section 1). Every inner product a step needs is read from G, G a,
 * G 1 and two scalars, so scoring all N candidates is O(N) and a step's update is O(N).
 * All norms and inner products here are in R^m without the 1/m of L.
 */
final class GreedyPath {

    private final Gram gram;
    private final int n;
    private final double[] a;
    private final double[] ga;
    private double aG1;
    private double aGa;
    private int support;
    private final double noise;

    /** f = 0 (a = 0): the empty network, where fixedGamma starts. */
    GreedyPath(Gram gram) {
        this.gram = gram;
        this.n = gram.width();
        this.a = new double[n];
        this.ga = new double[n];
        this.noise = NOISE * gram.lossScale() * gram.dimension();
    }

    /**
     * The rounding of ||y* - f||^2, as a share of m * lossScale: each L is a difference of terms of
     * size lossScale, each rounded to a few ulps times the O(N) length of its sums. A step that
     * decreases ||r||^2 by less than this is not resolved in double precision.
     */
    static final double NOISE = 1e-14;

    /** {@link #NOISE} in the units of ||r||^2 (m L) for this layer. */
    double noise() {
        return noise;
    }

    Gram gram() {
        return gram;
    }

    /** ||y* - f||^2 at the weights of a face step, without taking it: the value {@link #jumpTo} leaves. */
    double residualSqAt(SelectionStep.Face face) {
        double[] b = new double[n];
        face.applyTo(b);
        double[] gb = new double[n];
        double bG1 = timesG(b, gb);
        return gram.residual(dot(b, gb), bG1);
    }

    /** out = G w over the nonzero entries of w, O(N |support|); returns w.G1. */
    private double timesG(double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        double wG1 = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] != 0) {
                gram.addColumn(i, w[i], out);
                wG1 += w[i] * gram.rowSum(i);
            }
        }
        return wG1;
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /** ||y* - f||^2. */
    double residualSq() {
        return gram.residual(aGa, aG1);
    }

    /** L(f) = ||y* - f||^2 / m. */
    double loss() {
        return residualSq() / gram.dimension();
    }

    /** <r, d_i> with r = y* - f, d_i = N phi_i - f: N (G1)_i - N a.G1 - N^2 (Ga)_i + N^2 a.Ga. */
    double towardInner(int i) {
        double nn = n;
        return nn * gram.rowSum(i) - nn * aG1 - nn * nn * ga[i] + nn * nn * aGa;
    }

    /** ||d_i||^2 = N^2 (G_ii - 2 (Ga)_i + a.Ga). */
    double directionSq(int i) {
        double nn = n;
        return Math.max(0, nn * nn * (gram.entry(i, i) - 2 * ga[i] + aGa));
    }

    /** ||r - gamma d_i||^2 / m: the loss after a step of size gamma toward neuron i. */
    double lossAfter(int i, double gamma) {
        double value = residualSq() - 2 * gamma * towardInner(i) + gamma * gamma * directionSq(i);
        return Math.max(0, value) / gram.dimension();
    }

    /** r_k = max_i <y* - f, N phi_i - f> / ||y* - f|| (docs/theory.md section 3); NaN at f = y*. */
    double margin() {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            best = Math.max(best, towardInner(i));
        }
        return best / Math.sqrt(residualSq());
    }

    /** D_k = max_i ||N phi_i - f|| (docs/theory.md section 3). */
    double diameter() {
        double best = 0;
        for (int i = 0; i < n; i++) {
            best = Math.max(best, directionSq(i));
        }
        return Math.sqrt(best);
    }

    int width() {
        return n;
    }

    /** m, the length of each phi_i. */
    long dimension() {
        return gram.dimension();
    }

    double weight(int i) {
        return a[i];
    }

    int support() {
        return support;
    }

    double[] weights() {
        return a.clone();
    }

    /**
     * f <- (1 - gamma) f + gamma N phi_i. G a follows as (1 - gamma) G a + gamma G e_i, a rank-one
     * move, so the update is O(N); the scalars a.G1 and a.Ga follow in O(1).
     */
    void step(int i, double gamma) {
        double oldGai = ga[i];
        double oldAGa = aGa;
        double keep = 1 - gamma;
        for (int j = 0; j < n; j++) {
            ga[j] *= keep;
        }
        gram.addColumn(i, gamma, ga);
        aG1 = keep * aG1 + gamma * gram.rowSum(i);
        aGa = keep * keep * oldAGa + 2 * gamma * keep * oldGai + gamma * gamma * gram.entry(i, i);
        renormalise(moveWeights(a, i, gamma));
    }

    /**
     * a <- face, the exact minimiser of L on a face of the simplex (docs/theory.md section 2, "Polish"):
     * G a is recomputed from G in O(N |support|), a.G1 and a.Ga from it. The weights are taken as given,
     * so a replay that sets the same doubles is bit-identical.
     */
    void jumpTo(SelectionStep.Face face) {
        face.applyTo(a);
        aG1 = timesG(a, ga);
        aGa = dot(a, ga);
        renormalise(1);
    }

    /**
     * Renormalise so sum a = 1 stays exact to rounding instead of drifting over many steps;
     * G a, a.G1 and a.Ga scale with a. Then recount the support.
     */
    private void renormalise(double sum) {
        if (sum > 0 && sum != 1) {
            for (int j = 0; j < n; j++) {
                ga[j] /= sum;
            }
            aG1 /= sum;
            aGa /= sum * sum;
        }
        support = 0;
        for (double w : a) {
            if (w > 0) {
                support++;
            }
        }
    }

    /**
     * a <- (1 - gamma) a + gamma e_i, then a /= sum(a); returns the sum before normalising (0 for
     * a = 0). At the lower end of U_i, gamma = -a_i/(1-a_i), a_i becomes exactly 0: the away step
     * drops neuron i. Shared with {@link Selection#weightsAfter(int)} so a replay is bit-identical.
     */
    static double moveWeights(double[] a, int i, double gamma) {
        boolean drops = a[i] < 1 && gamma == lowerEnd(a[i]);
        double keep = 1 - gamma;
        for (int j = 0; j < a.length; j++) {
            a[j] *= keep;
        }
        a[i] = drops ? 0 : a[i] + gamma;
        return normalise(a);
    }

    private static double normalise(double[] a) {
        double sum = 0;
        for (double w : a) {
            sum += w;
        }
        if (sum > 0 && sum != 1) {
            for (int j = 0; j < a.length; j++) {
                a[j] /= sum;
            }
        }
        return sum;
    }

    /** The lower end of U_i = [-a_i/(1-a_i), 1]: the largest away step that keeps a_i >= 0. */
    static double lowerEnd(double ai) {
        return -ai / (1 - ai);
    }
}
