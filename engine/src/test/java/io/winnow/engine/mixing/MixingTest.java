package io.winnow.engine.mixing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MixingTest {

    @Test
    void changingTheArraysGivenOrReturnedLeavesTheMixingAsItWas() {
        int[] kept = {1, 4};
        double[] c = {2.0, 0.5};
        Mixing m = new Mixing(kept, c);
        kept[0] = 3;
        c[0] = 9;
        m.kept()[1] = 7;
        m.multipliers()[1] = 7;
        assertThat(m.kept()).containsExactly(1, 4);
        assertThat(m.multipliers()).containsExactly(2.0, 0.5);
    }

    @Test
    void theWeightsOfALayerAreEachKeptChannelsMultiplierOverTheWidthAndZeroElsewhere() {
        double[] a = new Mixing(new int[] {1, 4}, new double[] {3.0, 2.0}).weights(5);
        assertThat(a).containsExactly(0, 0.6, 0, 0, 0.4);
    }

    @Test
    void twoMixingsWithTheSameContentAreEqual() {
        assertThat(new Mixing(new int[] {0, 2}, new double[] {1.5, 0.5}))
                .isEqualTo(new Mixing(new int[] {0, 2}, new double[] {1.5, 0.5}))
                .hasSameHashCodeAs(new Mixing(new int[] {0, 2}, new double[] {1.5, 0.5}))
                .isNotEqualTo(new Mixing(new int[] {0, 2}, new double[] {1.5, 0.25}))
                .isNotEqualTo(new Mixing(new int[] {0, 3}, new double[] {1.5, 0.5}));
    }

    @Test
    void aBaselinesChannelsAreSortedAndReadWithMultiplierOne() {
        Mixing m = Mixing.unweighted(new int[] {5, 0, 3});
        assertThat(m.kept()).containsExactly(0, 3, 5);
        assertThat(m.multipliers()).containsExactly(1.0, 1.0, 1.0);
        assertThat(Mixing.unchanged(3)).isEqualTo(Mixing.unweighted(new int[] {2, 1, 0}));
        assertThat(Mixing.unchanged(3).size()).isEqualTo(3);
    }

    @Test
    void unsortedRepeatedOrNegativeChannelsAreRejected() {
        assertThatThrownBy(() -> new Mixing(new int[] {2, 1}, new double[] {1, 1})).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new Mixing(new int[] {1, 1}, new double[] {1, 1})).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new Mixing(new int[] {-1}, new double[] {1})).hasMessageContaining(">= 0");
    }

    @Test
    void aMultiplierThatIsNotFiniteAndPositiveOrMissingIsRejected() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Mixing(new int[] {0}, new double[] {bad})).as("c = %s", bad)
                    .hasMessageContaining("finite and positive");
        }
        assertThatThrownBy(() -> new Mixing(new int[] {0, 1}, new double[] {1})).hasMessageContaining("one multiplier");
    }
}
