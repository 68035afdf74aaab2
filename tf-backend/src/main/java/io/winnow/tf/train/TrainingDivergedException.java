package io.winnow.tf.train;

/** The loss became NaN or infinite; training stopped at the step named. */
public final class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, double loss) {
        super("training diverged: loss " + loss + " at epoch " + epoch + ", step " + step
                + " (try a lower learning rate or check the data for NaN values)");
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
