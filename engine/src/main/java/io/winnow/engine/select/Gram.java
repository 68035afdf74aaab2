package io.winnow.engine.select;

import java.util.Arrays;

/**
 * The Gram matrix G = Phi^T Phi of one layer's neuron contributions phi_i in R^m
 * (docs/theory.md section 1; docs/theory.md section 1). Everything greedy selection needs is a
 * linear or quadratic form in G, so a layer is reduced to this N x N symmetric PSD matrix once
 * and every greedy step is O(N) afterwards.
 *
 * <p>With mixing weights a in the simplex, f(a) = N Phi a and y* = Phi 1, and
 * L(a) = (1/m) ||f(a) - y*||^2 = (1/m) (N^2 a^T G a - 2 N a^T G 1 + 1^T G 1).
 */
public final class Gram implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int width;
    private final long dimension;
    private final double[] entries;
    private final double[] rowSums;
    private final double total;

    private Gram(int width, long dimension, double[] entries, double[] rowSums, double total) {
        this.width = width;
        this.dimension = dimension;
        this.entries = entries;
        this.rowSums = rowSums;
        this.total = total;
    }

    private Gram(int width, long dimension, double[] entries) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a Gram matrix needs m >= 1 rows of Phi, got " + dimension);
        }
        this.width = width;
        this.dimension = dimension;
        this.entries = entries;
        this.rowSums = new double[width];
        double sum = 0;
        for (int i = 0; i < width; i++) {
            double row = 0;
            for (int j = 0; j < width; j++) {
                row += entries[i * width + j];
            }
            rowSums[i] = row;
            sum += row;
        }
        this.total = sum;
    }

    /**
     * G from its entries (N x N, row-major) and m, e.g. as {@link ContributionGram} accumulates them.
     * The entries are symmetrised, (G + G^T)/2, so rounding in the accumulation cannot break symmetry.
     */
    public static Gram of(int width, long dimension, double[] entries) {
        if (entries.length != width * width) {
            throw new IllegalArgumentException("a Gram matrix of width " + width + " has " + width * width
                    + " entries, got " + entries.length);
        }
        double[] g = new double[entries.length];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                g[i * width + j] = 0.5 * (entries[i * width + j] + entries[j * width + i]);
            }
        }
        return new Gram(width, dimension, g);
    }

    /**
     * The same G with an explicit target y* in place of the barycentre Phi 1 (target(originalActivations()),
     * docs/theory.md section 5): {@link #rowSum} becomes b_i = <y*, phi_i> and {@link #total} ||y*||^2,
     * so every loss, step and stop of the engines measures against this y*.
     */
    public static Gram withTarget(Gram gram, double[] targetInner, double targetNormSq) {
        gram.requireWidth(targetInner);
        if (!(targetNormSq >= 0)) {
            throw new IllegalArgumentException("||y*||^2 must be >= 0, got " + targetNormSq);
        }
        return new Gram(gram.width, gram.dimension, gram.entries, targetInner.clone(), targetNormSq);
    }

    /** G = Phi^T Phi from an explicit Phi given as m rows of N entries: phi[row][neuron]. */
    public static Gram ofPhi(double[][] phi) {
        if (phi.length == 0) {
            throw new IllegalArgumentException("Phi needs at least one row");
        }
        return accumulator(phi[0].length).addRows(phi).build();
    }

    /**
     * The dense-layer Gram matrix G = (A^T A) o (W W^T) (docs/theory.md section 1): neuron i
     * contributes phi_i[s, o] = A[s][i] * W[i][o] to the next layer's pre-activation, so
     * <phi_i, phi_j> = (sum_s A[s][i] A[s][j]) (sum_o W[i][o] W[j][o]) and m = batch * out.
     *
     * @param activations A, batch x N: the layer's post-activation outputs on calibration data
     * @param outgoing    W, N x out: the next layer's weights leaving each neuron
     */
    public static Gram denseLayer(double[][] activations, double[][] outgoing) {
        int n = outgoing.length;
        return accumulator(n).addDense(activations, outgoing).build();
    }

    /**
     * The Gram matrix of Phi and {@code other}'s Phi stacked: the same N neurons on two disjoint parts of
     * the calibration data (docs/theory.md section 1). G, the target products b, ||y*||^2 and m are all
     * sums over the rows of Phi, so they add; summing the parts' matrices in any grouping gives the whole
     * data's, up to rounding. A cluster computes one per partition and merges them so.
     */
    public Gram plus(Gram other) {
        if (other.width != width) {
            throw new IllegalArgumentException("cannot add a Gram matrix of width " + other.width + " to one of width "
                    + width);
        }
        double[] sum = new double[entries.length];
        for (int e = 0; e < sum.length; e++) {
            sum[e] = entries[e] + other.entries[e];
        }
        double[] rows = new double[width];
        for (int i = 0; i < width; i++) {
            rows[i] = rowSums[i] + other.rowSums[i];
        }
        return new Gram(width, Math.addExact(dimension, other.dimension), sum, rows, total + other.total);
    }

    /** An accumulator that adds Phi one calibration batch at a time. */
    public static Accumulator accumulator(int width) {
        return new Accumulator(width);
    }

    /** N, the number of neurons. */
    public int width() {
        return width;
    }

    /** m, the length of each phi_i (samples x output coordinates). */
    public long dimension() {
        return dimension;
    }

    /** G_ij = <phi_i, phi_j>. */
    public double entry(int i, int j) {
        return entries[i * width + j];
    }

    /** <y*, phi_i>: (G 1)_i for the default target y* = Phi 1. */
    public double rowSum(int i) {
        return rowSums[i];
    }

    /** ||y*||^2: 1^T G 1 for the default target y* = Phi 1. */
    public double total() {
        return total;
    }

    /** G v for any v of length N. */
    public double[] times(double[] v) {
        requireWidth(v);
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            double s = 0;
            for (int j = 0; j < width; j++) {
                s += entries[i * width + j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Adds alpha * (column i of G) into target; the rank-one update of G a (docs/theory.md section 1). */
    void addColumn(int i, double alpha, double[] target) {
        int base = i * width;
        for (int j = 0; j < width; j++) {
            target[j] += alpha * entries[base + j];
        }
    }

    /**
     * L(a) = (1/m) (N^2 a^T G a - 2N a^T G 1 + 1^T G 1) for mixing weights a (docs/theory.md
     * section 1). a need not lie in the simplex here; the formula is the same quadratic.
     */
    public double loss(double[] a) {
        double[] ga = times(a);
        double aGa = 0;
        double aG1 = 0;
        for (int i = 0; i < width; i++) {
            aGa += a[i] * ga[i];
            aG1 += a[i] * rowSums[i];
        }
        return residual(aGa, aG1) / dimension;
    }

    /** L(empty) = ||y*||^2 / m: the loss of f = 0, the reference of the tolerance budget. */
    public double emptyLoss() {
        return total / dimension;
    }

    /**
     * The size of the largest term in the loss formula, (1/m) max(||y*||^2, max_i ||N phi_i||^2).
     * For every f in conv{0, N phi_i}, each term of L is at most this, so the rounding error of
     * any L computed from G is a small multiple of machine epsilon times this value.
     */
    public double lossScale() {
        double maxDiagonal = 0;
        for (int i = 0; i < width; i++) {
            maxDiagonal = Math.max(maxDiagonal, entry(i, i));
        }
        double n = width;
        return Math.max(total, n * n * maxDiagonal) / dimension;
    }

    /** ||f - y*||^2 = N^2 a^T G a - 2N a^T G 1 + 1^T G 1, without the 1/m, clamped at 0. */
    double residual(double aGa, double aG1) {
        double n = width;
        // Rounding can make the difference of these O(lossScale) terms slightly negative at
        // L = 0; a squared norm is never negative, so report 0 there.
        return Math.max(0, n * n * aGa - 2 * n * aG1 + total);
    }

    private void requireWidth(double[] v) {
        if (v.length != width) {
            throw new IllegalArgumentException("expected a vector of length " + width + ", got " + v.length);
        }
    }

    /**
     * Accumulates G = sum over batches of Phi_b^T Phi_b, so a layer's Gram matrix is built
     * from calibration batches without holding all of Phi. Not thread-safe.
     */
    public static final class Accumulator {
        private final int width;
        private final double[] entries;
        private long dimension;

        private Accumulator(int width) {
            if (width < 1) {
                throw new IllegalArgumentException("a layer needs at least one neuron, got " + width);
            }
            this.width = width;
            this.entries = new double[width * width];
        }

        /** Adds rows of Phi: each row holds one output coordinate's value for all N neurons. */
        public Accumulator addRows(double[][] rows) {
            for (double[] row : rows) {
                if (row.length != width) {
                    throw new IllegalArgumentException("each Phi row needs " + width + " entries, got " + row.length);
                }
                for (int i = 0; i < width; i++) {
                    double ri = row[i];
                    if (ri == 0) {
                        continue;
                    }
                    int base = i * width;
                    for (int j = i; j < width; j++) {
                        entries[base + j] += ri * row[j];
                    }
                }
            }
            dimension += rows.length;
            return this;
        }

        /** Adds one batch of a dense layer: (A^T A) o (W W^T), m grows by batch * out. */
        public Accumulator addDense(double[][] activations, double[][] outgoing) {
            if (outgoing.length != width) {
                throw new IllegalArgumentException("W needs " + width + " rows (one per neuron), got " + outgoing.length);
            }
            double[] weightGram = upperGram(outgoing);
            double[][] byNeuron = transpose(activations, width);
            double[] activationGram = upperGram(byNeuron);
            for (int i = 0; i < width; i++) {
                for (int j = i; j < width; j++) {
                    entries[i * width + j] += activationGram[i * width + j] * weightGram[i * width + j];
                }
            }
            int out = outgoing[0].length;
            dimension += (long) activations.length * out;
            return this;
        }

        /** The Gram matrix of everything added so far; the upper triangle is mirrored so G is exactly symmetric. */
        public Gram build() {
            double[] full = Arrays.copyOf(entries, entries.length);
            for (int i = 0; i < width; i++) {
                for (int j = i + 1; j < width; j++) {
                    full[j * width + i] = full[i * width + j];
                }
            }
            return new Gram(width, dimension, full);
        }

        /** Upper triangle of V V^T for V given as N rows. */
        private double[] upperGram(double[][] rows) {
            double[] g = new double[width * width];
            for (int i = 0; i < width; i++) {
                for (int j = i; j < width; j++) {
                    double s = 0;
                    for (int t = 0; t < rows[i].length; t++) {
                        s += rows[i][t] * rows[j][t];
                    }
                    g[i * width + j] = s;
                }
            }
            return g;
        }

        private static double[][] transpose(double[][] activations, int width) {
            double[][] t = new double[width][activations.length];
            for (int s = 0; s < activations.length; s++) {
                if (activations[s].length != width) {
                    throw new IllegalArgumentException("each activation row needs " + width + " entries, got " + activations[s].length);
                }
                for (int i = 0; i < width; i++) {
                    t[i][s] = activations[s][i];
                }
            }
            return t;
        }
    }
}
