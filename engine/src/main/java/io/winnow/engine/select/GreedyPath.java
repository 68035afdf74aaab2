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

    /** f = 0 (a = 0): the empty network, where fixedGamma starts. */
    GreedyPath(Gram gram) {
        this.gram = gram;
        this.n = gram.width();
        this.a = new double[n];
        this.ga = new double[n];
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
     * The pairwise step a <- a + gamma (e_i - e_j), 0 <= gamma <= a_j (docs/theory.md section 2,
     * "Polish"): weight moves from kept neuron j to kept neuron i, f moves along
     * N (phi_i - phi_j) = d_i - d_j. G a, a.G1 and a.Ga follow in O(N) as for {@link #step}.
     */
    void pairStep(int i, int j, double gamma) {
        double oldGai = ga[i];
        double oldGaj = ga[j];
        gram.addColumn(i, gamma, ga);
        gram.addColumn(j, -gamma, ga);
        aG1 += gamma * (gram.rowSum(i) - gram.rowSum(j));
        aGa += 2 * gamma * (oldGai - oldGaj) + gamma * gamma * pairDiagonal(i, j);
        renormalise(movePair(a, i, j, gamma));
    }

    /** ||d_i - d_j||^2 = ||N phi_i - N phi_j||^2 = N^2 (G_ii - 2 G_ij + G_jj). */
    double pairDirectionSq(int i, int j) {
        double nn = n;
        return Math.max(0, nn * nn * pairDiagonal(i, j));
    }

    private double pairDiagonal(int i, int j) {
        return gram.entry(i, i) - 2 * gram.entry(i, j) + gram.entry(j, j);
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

    /**
     * a <- a + gamma (e_i - e_j), then a /= sum(a); at gamma = a_j, a_j becomes exactly 0 (the pair
     * step drops j). Returns the sum before normalising. Shared with {@link Selection#weightsAfter(int)}.
     */
    static double movePair(double[] a, int i, int j, double gamma) {
        boolean drops = gamma == a[j];
        a[i] += gamma;
        a[j] = drops ? 0 : a[j] - gamma;
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
