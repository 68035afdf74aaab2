package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GramPropertiesTest {

    @Test
    void theLossIsNeverNegativeAndIsZeroAtTheUniformWeights() {
        // a = 1/N gives f = N Phi (1/N) = y*, so L = 0 up to rounding; L >= 0 everywhere.
        SplittableRandom rng = new SplittableRandom(16);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + rng.nextInt(20);
            Gram gram = Gram.ofPhi(Explicit.randomPhi(rng, 1 + rng.nextInt(10), n));
            double[] uniform = new double[n];
            java.util.Arrays.fill(uniform, 1.0 / n);
            assertThat(gram.loss(uniform)).isCloseTo(0, within(1e-12 * gram.lossScale()));
            assertThat(gram.loss(Explicit.randomSimplexPoint(rng, n))).isGreaterThanOrEqualTo(0);
        }
    }
}
