package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedGammaTest {

    @Test
    void everyStepAddsTheUnkeptNeuronWithTheLowestExplicitLossAtStepOneOverNPlusOne() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int trial = 0; trial < 50; trial++) {
            int m = 2 + rng.nextInt(6);
            int n = 2 + rng.nextInt(10);
            double[][] phi = Explicit.randomPhi(rng, m, n);
            Gram gram = Gram.ofPhi(phi);
            Selection s = FixedGamma.select(gram, Stop.atCount(n));
            boolean[] kept = new boolean[n];
            for (SelectionStep step : s.steps()) {
                double gamma = 1.0 / (step.k() + 1);
                assertThat(step.gamma()).isEqualTo(gamma);
                double[] f = Explicit.output(phi, s.weightsAfter(step.k()));
                double best = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (!kept[i]) {
                        best = Math.min(best, Explicit.loss(phi, Explicit.move(f, Explicit.vertex(phi, i), gamma)));
                    }
                }
                assertThat(kept[step.neuron()]).isFalse();
                assertThat(step.lossAfter()).isCloseTo(best, within(1e-10 * gram.lossScale()));
                kept[step.neuron()] = true;
            }
        }
    }

    @Test
    void everyKeptNeuronEndsWithWeightOneOverN() {
        SplittableRandom rng = new SplittableRandom(32);
        Gram gram = Gram.ofPhi(Explicit.randomPhi(rng, 4, 12));
        Selection s = FixedGamma.select(gram, Stop.atCount(5));
        assertThat(s.kept()).hasSize(5);
        double[] a = s.weights();
        for (int i : s.kept()) {
            assertThat(a[i]).isCloseTo(0.2, within(1e-14));
        }
        assertThat(s.stopped()).isEqualTo(StopReason.COUNT_REACHED);
    }

    @Test
    void keepingEveryNeuronReproducesTheTargetExactly() {
        SplittableRandom rng = new SplittableRandom(33);
        Gram gram = Gram.ofPhi(Explicit.randomPhi(rng, 6, 9));
        Selection s = FixedGamma.select(gram, Stop.atCount(9));
        assertThat(s.loss()).isCloseTo(0, within(1e-12 * gram.lossScale()));
        assertThat(s.initialLoss()).isEqualTo(gram.emptyLoss());
    }
}
