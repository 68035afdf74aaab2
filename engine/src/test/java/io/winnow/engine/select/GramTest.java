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
}
