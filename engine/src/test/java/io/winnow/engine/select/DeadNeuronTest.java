package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A neuron whose phi_i is 0 on the calibration data only carries mass in the simplex: selection may
 * give it weight (it scales f down), but it is dropped from the pruned layer (docs/theory.md section 2,
 * "Dead neurons").
 */
class DeadNeuronTest {

    /** phi columns (0, 0), (1, 0), (-1, 0.5), (0, -1): N = 4, m = 2, y* = (0, -0.5). */
    private static final double[][] PHI = {{0, 1, -1, 0}, {0, 0, 0.5, -1}};

    @Test
    void optimizeGammaDropsTheDeadNeuronItGaveWeightAndKeepsTheExactFit() {
        Selection s = OptimizeGamma.select(Gram.ofPhi(PHI), Stop.atCount(2));

        assertThat(s.loss()).isCloseTo(0, within(1e-15));
        assertThat(s.deadDropped()).containsExactly(0);
        assertThat(s.kept()).containsExactly(3);
        assertThat(s.multipliers()).containsExactly(0.5);
        assertThat(outputLoss(PHI, s)).isCloseTo(0, within(1e-15));
    }

    @Test
    void fixedGammaDropsADeadNeuronToo() {
        double[][] phi = {{0, 1, 2}, {0, 1, -1}};
        Selection s = FixedGamma.select(Gram.ofPhi(phi), Stop.atCount(3));

        assertThat(s.deadDropped()).containsExactly(0);
        assertThat(s.kept()).containsExactly(1, 2);
        assertThat(outputLoss(phi, s)).isCloseTo(s.loss(), within(1e-12));
    }

    @Test
    void aLayerDeadOnEveryNeuronKeepsOne() {
        double[][] phi = {{0, 0}, {0, 0}};
        Selection s = OptimizeGamma.select(Gram.ofPhi(phi), Stop.atCount(1));

        assertThat(s.deadDropped()).isEmpty();
        assertThat(s.kept()).hasSize(1);
    }

    /** L of the pruned layer as surgery builds it: sum over kept of c_i phi_i against y*, from Phi itself. */
    private static double outputLoss(double[][] phi, Selection s) {
        double[] a = new double[s.width()];
        int[] kept = s.kept();
        double[] c = s.multipliers();
        for (int j = 0; j < kept.length; j++) {
            a[kept[j]] = c[j] / s.width();
        }
        return Explicit.loss(phi, Explicit.output(phi, a));
    }
}
