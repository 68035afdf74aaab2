package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.Budget;
import org.junit.jupiter.api.Test;

class StopTest {

    @Test
    void aRatioBudgetRoundsTheKeptWidthUp() {
        assertThat(Stop.from(new Budget.Ratio(0.3), 10).count()).hasValue(3);
        assertThat(Stop.from(new Budget.Ratio(0.25), 10).count()).hasValue(3);
    }

    @Test
    void aToleranceBudgetBecomesAToleranceStop() {
        assertThat(Stop.from(new Budget.Tolerance(0.01), 10).tolerance()).hasValue(0.01);
    }

    @Test
    void wholeModelBudgetsAreRefusedPerLayer() {
        assertThatThrownBy(() -> Stop.from(new Budget.Flops(0.5), 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
