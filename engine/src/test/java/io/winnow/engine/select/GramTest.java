package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GramTest {

    @Test
    void lossFromTheGramMatrixEqualsTheExplicitDiscrepancy() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rng.nextInt(8);
            int n = 1 + rng.nextInt(10);
            double[][] phi = Explicit.randomPhi(rng, m, n);
            Gram gram = Gram.ofPhi(phi);
            double[] a = Explicit.randomSimplexPoint(rng, n);
            double explicit = Explicit.loss(phi, Explicit.output(phi, a));
            // The Gram form subtracts terms of size lossScale; 1e-12 of it bounds the rounding.
            assertThat(gram.loss(a)).isCloseTo(explicit, within(1e-12 * gram.lossScale()));
        }
    }

    @Test
    void emptyLossIsTheSquaredNormOfTheTargetOverM() {
        SplittableRandom rng = new SplittableRandom(12);
        double[][] phi = Explicit.randomPhi(rng, 5, 7);
        Gram gram = Gram.ofPhi(phi);
        double[] y = Explicit.target(phi);
        assertThat(gram.emptyLoss()).isCloseTo(Explicit.dot(y, y) / 5, within(1e-12 * gram.lossScale()));
        assertThat(gram.loss(new double[7])).isCloseTo(gram.emptyLoss(), within(1e-12 * gram.lossScale()));
    }

    @Test
    void denseLayerFormulaEqualsTheExplicitGramOfItsContributions() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int trial = 0; trial < 50; trial++) {
            int batch = 1 + rng.nextInt(6);
            int n = 1 + rng.nextInt(7);
            int out = 1 + rng.nextInt(5);
            double[][] activations = Explicit.randomPhi(rng, batch, n);
            double[][] outgoing = Explicit.randomPhi(rng, n, out);
            // phi_i[s, o] = A[s][i] W[i][o]: one Phi row per (sample, output coordinate).
            double[][] phi = new double[batch * out][n];
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < n; i++) {
                        phi[s * out + o][i] = activations[s][i] * outgoing[i][o];
                    }
                }
            }
            Gram explicit = Gram.ofPhi(phi);
            Gram dense = Gram.denseLayer(activations, outgoing);
            assertThat(dense.dimension()).isEqualTo(explicit.dimension());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(dense.entry(i, j)).isCloseTo(explicit.entry(i, j), within(1e-12 * (1 + Math.abs(explicit.entry(i, j)))));
                }
            }
        }
    }

    @Test
    void accumulatingBatchesGivesTheSameMatrixAsAllRowsAtOnce() {
        SplittableRandom rng = new SplittableRandom(14);
        double[][] phi = Explicit.randomPhi(rng, 9, 6);
        double[][] first = java.util.Arrays.copyOfRange(phi, 0, 4);
        double[][] second = java.util.Arrays.copyOfRange(phi, 4, 9);
        Gram batched = Gram.accumulator(6).addRows(first).addRows(second).build();
        Gram once = Gram.ofPhi(phi);
        assertThat(batched.dimension()).isEqualTo(9);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(batched.entry(i, j)).isCloseTo(once.entry(i, j), within(1e-12 * (1 + Math.abs(once.entry(i, j)))));
            }
        }
    }

    @Test
    void theMatrixIsExactlySymmetric() {
        Gram gram = Gram.ofPhi(Explicit.randomPhi(new SplittableRandom(15), 4, 8));
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat(gram.entry(i, j)).isEqualTo(gram.entry(j, i));
            }
        }
    }

    @Test
    void theGramsOfDisjointPartsOfTheDataAddUpToTheWholeDatasGramWithOrWithoutAnExplicitTarget() {
        SplittableRandom rng = new SplittableRandom(14);
        for (int trial = 0; trial < 100; trial++) {
            int m = 2 + rng.nextInt(12);
            int n = 1 + rng.nextInt(8);
            int cut = 1 + rng.nextInt(m - 1);
            double[][] phi = Explicit.randomPhi(rng, m, n);
            double[] y = Explicit.randomPhi(rng, 1, m)[0];
            double[][] head = java.util.Arrays.copyOfRange(phi, 0, cut);
            double[][] tail = java.util.Arrays.copyOfRange(phi, cut, m);

            Gram sum = Gram.ofPhi(head).plus(Gram.ofPhi(tail));
            Gram targeted = Gram.withTarget(Gram.ofPhi(head), inner(head, y, 0), normSq(y, 0, cut))
                    .plus(Gram.withTarget(Gram.ofPhi(tail), inner(tail, y, cut), normSq(y, cut, m)));

            // Brute force over the rows of the whole Phi, in double.
            assertThat(sum.dimension()).isEqualTo(m);
            assertThat(targeted.dimension()).isEqualTo(m);
            double[] barycentre = Explicit.target(phi);
            double[] wholeInner = inner(phi, y, 0);
            for (int i = 0; i < n; i++) {
                double rowSum = 0;
                for (int j = 0; j < n; j++) {
                    double g = 0;
                    for (double[] row : phi) {
                        g += row[i] * row[j];
                    }
                    assertThat(sum.entry(i, j)).isCloseTo(g, within(1e-12 * (1 + Math.abs(g))));
                    assertThat(targeted.entry(i, j)).isCloseTo(g, within(1e-12 * (1 + Math.abs(g))));
                }
                for (int r = 0; r < m; r++) {
                    rowSum += barycentre[r] * phi[r][i];
                }
                assertThat(sum.rowSum(i)).isCloseTo(rowSum, within(1e-12 * (1 + Math.abs(rowSum))));
                assertThat(targeted.rowSum(i)).isCloseTo(wholeInner[i], within(1e-12 * (1 + Math.abs(wholeInner[i]))));
            }
            assertThat(sum.total()).isCloseTo(Explicit.dot(barycentre, barycentre), within(1e-12 * (1 + sum.total())));
            assertThat(targeted.total()).isCloseTo(normSq(y, 0, m), within(1e-12 * (1 + targeted.total())));
        }
    }

    @Test
    void gramsOfDifferentWidthsDoNotAdd() {
        SplittableRandom rng = new SplittableRandom(15);
        Gram three = Gram.ofPhi(Explicit.randomPhi(rng, 4, 3));
        Gram four = Gram.ofPhi(Explicit.randomPhi(rng, 4, 4));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> three.plus(four))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width 4").hasMessageContaining("width 3");
    }

    /** <y*, phi_i> over the rows of a part, y* read from {@code offset} on. */
    private static double[] inner(double[][] part, double[] y, int offset) {
        double[] b = new double[part[0].length];
        for (int r = 0; r < part.length; r++) {
            for (int i = 0; i < b.length; i++) {
                b[i] += y[offset + r] * part[r][i];
            }
        }
        return b;
    }

    private static double normSq(double[] y, int from, int to) {
        double s = 0;
        for (int r = from; r < to; r++) {
            s += y[r] * y[r];
        }
        return s;
    }
}
