package io.winnow.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void cosineStartsAtTheBaseRateAndHalvesAtMidRun() {
        assertThat(LrSchedule.cosine().at(0.1, 0, 10)).isCloseTo(0.1, within(1e-12));
        assertThat(LrSchedule.cosine().at(0.1, 5, 10)).isCloseTo(0.05, within(1e-12));
        assertThat(LrSchedule.cosine().at(0.1, 9.999, 10)).isLessThan(1e-6);
    }

    @Test
    void stepMultipliesByTheFactorEveryFewEpochs() {
        LrSchedule step = new LrSchedule.Step(2, 0.1);
        assertThat(step.at(1, 1.9, 6)).isEqualTo(1.0);
        assertThat(step.at(1, 2.0, 6)).isCloseTo(0.1, within(1e-12));
        assertThat(step.at(1, 4.5, 6)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void constantIgnoresProgress() {
        assertThat(LrSchedule.constant().at(0.3, 7, 10)).isEqualTo(0.3);
    }
}
