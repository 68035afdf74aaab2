package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of optimizeGamma with its corrective phase (docs/theory.md section 2, "Polish"). */
class PolishPropertiesTest {

    private static Gram gram(long seed, int m, int n) {
        return Gram.ofPhi(Explicit.randomPhi(new SplittableRandom(seed), m, n));
    }

    private static Selection run(long seed, int m, int n, int k) {
        return OptimizeGamma.select(gram(seed, m, n), Stop.atCount(Math.min(k, n)));
    }

    @Property(tries = 200)
    void theWeightsStayInTheSimplexAndTheLossNeverRises(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int m,
            @ForAll @IntRange(min = 1, max = 16) int n, @ForAll @IntRange(min = 1, max = 16) int k) {
        Selection s = run(seed, m, n, k);
        double slack = 1e-9 * s.lossScale();
        double[] losses = s.losses();
        double[] a = s.weightsAfter(0);
        for (int step = 0; step <= s.steps().size(); step++) {
            if (step > 0) {
                Selection.replay(a, s.steps().get(step - 1));
            }
            double sum = 0;
            for (double w : a) {
                assertThat(w).isGreaterThanOrEqualTo(0);
                sum += w;
            }
            assertThat(sum).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-12));
            if (step > 0) {
                assertThat(losses[step]).isLessThanOrEqualTo(losses[step - 1] + slack);
            }
        }
        assertThat(a).containsExactly(s.weightsAfter(s.steps().size()));
        Explicit.assertFinalWeights(gram(seed, m, n), s, Math.min(k, n));
    }

    @Property(tries = 200)
    void polishStepsMoveOnlyKeptNeuronsAndNeverAddOne(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 10) int m, @ForAll @IntRange(min = 2, max = 16) int n,
            @ForAll @IntRange(min = 1, max = 16) int kRaw) {
        int k = Math.min(kRaw, n);
        Selection s = run(seed, m, n, k);
        double[] after = s.weightsAfter(0);
        for (SelectionStep step : s.steps()) {
            double[] before = after.clone();
            // Replay one step with the engine's own update (as Selection.weightsAfter does), O(N) a step.
            Selection.replay(after, step);
            int supportBefore = support(before);
            assertThat(step.faceStep()).isEqualTo(step.polish());
            if (step.polish()) {
                // A face step at support k: no new neuron; the face's minimiser may lie on a smaller face.
                assertThat(supportBefore).isEqualTo(k);
                for (int i = 0; i < n; i++) {
                    if (before[i] == 0) {
                        assertThat(after[i]).isZero();
                    }
                }
                assertThat(step.support()).isBetween(1, k);
            } else {
                // Greedy steps, before the count is reached or after a polish drop, stay below k until it is.
                assertThat(supportBefore).isLessThan(k);
            }
            assertThat(step.support()).isEqualTo(support(after)).isLessThanOrEqualTo(k);
        }
        Explicit.assertFinalWeights(gram(seed, m, n), s, k);
    }

    private static int support(double[] a) {
        int count = 0;
        for (double w : a) {
            count += w > 0 ? 1 : 0;
        }
        return count;
    }
}
