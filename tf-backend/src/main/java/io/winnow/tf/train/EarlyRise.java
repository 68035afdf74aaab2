package io.winnow.tf.train;

import io.vavr.control.Option;
import java.util.Locale;

/**
 * Watches the first steps of a run for a loss that rises instead of falling: the sign of a start where
 * the learning rate overshoots (a pruned network without batch norm, e.g. a PyTorch export, often starts
 * there). Such a run usually does not diverge to NaN; it ends well below where it started, so it
 * deserves a warning that names the remedy.
 *
 * <p>The loss of the first step is compared with the mean of the {@value #WINDOW} steps that end the
 * first tenth of the run (at least step {@value #WINDOW}); the warning is given when that mean is above
 * {@value #FACTOR} times the first loss.
 */
final class EarlyRise {

    static final int WINDOW = 5;
    static final double FACTOR = 2;

    private final int checkAt;
    private double first = Double.NaN;
    private double recentSum;
    private boolean decided;

    /** @param totalSteps the steps of the whole run */
    EarlyRise(int totalSteps) {
        this.checkAt = Math.max(WINDOW, totalSteps / 10);
    }

    /**
     * Records the loss of step {@code step} (0-based over the whole run) and, at the step that decides,
     * returns the warning when the loss rose.
     */
    Option<String> record(int step, double loss, double learningRate) {
        if (decided) {
            return Option.none();
        }
        if (step == 0) {
            first = loss;
        }
        if (step >= checkAt - WINDOW) {
            recentSum += loss;
        }
        if (step + 1 < checkAt) {
            return Option.none();
        }
        decided = true;
        double recent = recentSum / WINDOW;
        if (!(recent > FACTOR * first)) {
            return Option.none();
        }
        return Option.some(String.format(Locale.ROOT,
                "the loss rose from %.4g at the first step to %.4g (mean of steps %d-%d) at lr %.3g: the start "
                        + "overshoots; add clip(1.0) to the finetune, or lower its lr", first, recent,
                checkAt - WINDOW + 1, checkAt, learningRate));
    }
}
