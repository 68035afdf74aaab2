package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The exact face polish ({@link FaceSolver}) against two references that never read G: brute force
 * over every sub-face in double precision, and the optimality condition of the convex problem.
 */
class FaceSolverTest {

    @Property(tries = 300)
    void theFaceMinimumEqualsTheBestOfEverySubFaceSolvedByBruteForce(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int m, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] phi = Explicit.randomPhi(rng, m, n);
        int[] face = randomFace(rng, n);
        double[] a = FaceSolver.solve(Gram.ofPhi(phi), face);

        assertInFace(a, face);
        double solved = Explicit.loss(phi, Explicit.output(phi, a));
        double best = bruteForce(phi, face);
        double scale = Gram.ofPhi(phi).lossScale();
        assertThat(solved).isCloseTo(best, within(1e-9 * scale));
    }

    @Test
    void atScaleTheWeightsSatisfyTheOptimalityConditionOfTheFace() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] size : new int[][] {{40, 300}, {400, 300}}) {
            int m = size[0];
            int n = size[1];
            double[][] phi = Explicit.randomPhi(rng, m, n);
            int[] face = IntStream.range(0, n).filter(i -> i % 2 == 0).toArray();
            double[] a = FaceSolver.solve(Gram.ofPhi(phi), face);
            assertInFace(a, face);
            // x = f(a) - y* minimises ||x|| over conv{q_i = N phi_i - y*, i in face} exactly when
            // <x, q_j> >= ||x||^2 for every j in the face (the first-order condition of a convex problem).
            double[] x = Explicit.minus(Explicit.output(phi, a), Explicit.target(phi));
            double xx = Explicit.dot(x, x);
            double maxQ = 0;
            for (int j : face) {
                double[] q = Explicit.minus(Explicit.vertex(phi, j), Explicit.target(phi));
                maxQ = Math.max(maxQ, Explicit.dot(q, q));
            }
            for (int j : face) {
                double[] q = Explicit.minus(Explicit.vertex(phi, j), Explicit.target(phi));
                assertThat(Explicit.dot(x, q)).as("neuron " + j + " of m=" + m).isGreaterThanOrEqualTo(xx - 1e-9 * maxQ);
            }
        }
    }

    private static int[] randomFace(SplittableRandom rng, int n) {
        int[] face = IntStream.range(0, n).filter(i -> rng.nextBoolean()).toArray();
        return face.length > 0 ? face : new int[] {rng.nextInt(n)};
    }

    private static void assertInFace(double[] a, int[] face) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isGreaterThanOrEqualTo(0);
            if (a[i] > 0) {
                assertThat(face).contains(i);
            }
            sum += a[i];
        }
        assertThat(sum).isCloseTo(1, within(1e-12));
    }

    /**
     * The minimum of L over the face: on every subset T of it, the minimiser of ||sum_t l_t q_t||^2
     * on the affine hull sum l = 1 (a linear KKT system); the best one with every l_t >= 0. Some
     * affinely independent subset attains the minimum (Caratheodory), so skipping singular ones is exact.
     */
    private static double bruteForce(double[][] phi, int[] face) {
        double[] y = Explicit.target(phi);
        double best = Double.POSITIVE_INFINITY;
        for (int subset = 1; subset < 1 << face.length; subset++) {
            int mask = subset;
            int[] t = IntStream.range(0, face.length).filter(bit -> (mask >> bit & 1) == 1).map(bit -> face[bit]).toArray();
            int s = t.length;
            double[][] q = new double[s][];
            for (int p = 0; p < s; p++) {
                q[p] = Explicit.minus(Explicit.vertex(phi, t[p]), y);
            }
            double[][] kkt = new double[s + 1][s + 2];
            for (int p = 0; p < s; p++) {
                for (int r = 0; r < s; r++) {
                    kkt[p][r] = Explicit.dot(q[p], q[r]);
                }
                kkt[p][s] = 1;
                kkt[s][p] = 1;
            }
            kkt[s][s + 1] = 1;
            double[] solution = gauss(kkt);
            if (solution == null) {
                continue;
            }
            double[] a = new double[phi[0].length];
            boolean feasible = true;
            for (int p = 0; p < s; p++) {
                feasible &= solution[p] >= -1e-12;
                a[t[p]] = Math.max(0, solution[p]);
            }
            if (feasible) {
                best = Math.min(best, Explicit.loss(phi, Explicit.output(phi, a)));
            }
        }
        return best;
    }

    /** Gaussian elimination with partial pivoting on an augmented matrix; null when (near) singular. */
    private static double[] gauss(double[][] m) {
        int size = m.length;
        double norm = 0;
        for (double[] row : m) {
            for (double v : row) {
                norm = Math.max(norm, Math.abs(v));
            }
        }
        for (int col = 0; col < size; col++) {
            int pivot = col;
            for (int row = col + 1; row < size; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(m[pivot][col]) <= 1e-10 * norm) {
                return null;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = 0; row < size; row++) {
                if (row != col) {
                    double f = m[row][col] / m[col][col];
                    for (int c = col; c <= size; c++) {
                        m[row][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[size];
        for (int row = 0; row < size; row++) {
            x[row] = m[row][size] / m[row][row];
        }
        return x;
    }
}
