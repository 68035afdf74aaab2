package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void magnitudeKeepsTheLargestNormsInAscendingIndexOrder() {
        assertThat(Baselines.magnitude(new double[] {0.5, 3, 1, 2, 0.1}, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void taylorBreaksTiesTowardTheLowerIndex() {
        assertThat(Baselines.taylor(new double[] {1, 2, 2, 2, 0}, 2)).containsExactly(1, 2);
    }

    @Test
    void randomIsReproducibleFromItsSeedAndKeepsDistinctNeurons() {
        int[] first = Baselines.random(50, 10, 7);
        assertThat(first).hasSize(10).doesNotHaveDuplicates().isSorted();
        assertThat(Baselines.random(50, 10, 7)).containsExactly(first);
        assertThat(Baselines.random(50, 10, 8)).isNotEqualTo(first);
    }

    @Test
    void keepingMoreNeuronsThanTheLayerHasIsRefused() {
        assertThatThrownBy(() -> Baselines.magnitude(new double[] {1, 2}, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
