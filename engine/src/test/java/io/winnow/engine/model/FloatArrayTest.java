package io.winnow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatArrayTest {

    @Test
    void rowsCopyTheSamplesAlongTheFirstAxis() {
        float[] values = new float[5 * 2 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        FloatArray all = new FloatArray(new long[] {5, 2, 3}, values);
        FloatArray middle = all.rows(1, 4);
        assertThat(middle.shape()).containsExactly(3, 2, 3);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 6; j++) {
                assertThat(middle.values()[r * 6 + j]).isEqualTo(values[(r + 1) * 6 + j]);
            }
        }
        middle.values()[0] = -1;
        assertThat(all.values()[6]).as("a copy").isEqualTo(6);
        assertThat(all.rows(2, 2).shape()).containsExactly(0, 2, 3);
        assertThatThrownBy(() -> all.rows(3, 6)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[3, 6)").hasMessageContaining("[5, 2, 3]");
    }
}
