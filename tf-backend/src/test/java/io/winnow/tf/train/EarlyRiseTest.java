package io.winnow.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class EarlyRiseTest {

    /** Every warning given while recording {@code losses} as steps 0, 1, ... of a run of {@code total} steps. */
    private static List<String> warnings(int total, double... losses) {
        EarlyRise rise = new EarlyRise(total);
        List<String> out = List.empty();
        for (int step = 0; step < losses.length; step++) {
            Option<String> w = rise.record(step, losses[step], 0.01);
            out = out.appendAll(w);
        }
        return out;
    }

    @Test
    void aLossThatRisesOverTheFirstTenthIsReportedOnceWithTheNumbersAndTheRemedy() {
        // 94 steps (one epoch of the embedded finetune): decided at step 9, on the mean of steps 5-9 (1-based).
        double[] losses = {1.85, 3, 4, 5, 6.0, 6.2, 6.4, 6.3, 6.1, 6.0, 5.9, 5.5, 5, 7, 8, 9};
        List<String> w = warnings(94, losses);
        assertThat(w).hasSize(1);
        assertThat(w.head()).contains("1.85", "6.200 (mean of steps 5-9)", "lr 0.01", "clip(1.0)");
    }

    @Test
    void aFallingOrFlatLossIsNotReported() {
        assertThat(warnings(94, 6.8, 6, 5, 4.2, 3, 2.7, 2.5, 2.2, 2.0, 1.9, 1.8, 1.7)).isEmpty();
        assertThat(warnings(94, 1, 1.5, 1.9, 2, 1.8, 1.9, 2.0, 1.95, 1.9, 2, 2, 2)).isEmpty();
    }

    @Test
    void aRiseAfterTheFirstTenthIsLeftToTheDivergenceCheck() {
        double[] losses = new double[40];
        java.util.Arrays.fill(losses, 1.0);
        for (int i = 20; i < 40; i++) {
            losses[i] = 10;
        }
        assertThat(warnings(40, losses)).isEmpty();
    }

    @Test
    void aShortRunIsJudgedOnItsFirstFiveSteps() {
        assertThat(warnings(8, 1, 2, 3, 4, 5, 6, 7, 8)).hasSize(1);
        assertThat(warnings(3, 1, 5, 9)).isEmpty();
    }
}
