package io.winnow.tf.train;

/** The loss became NaN or infinite; training stopped at the step named. */
public final class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int step;
    private final double loss;

    public TrainingDivergedException(int epoch, int step, double loss) {
        this("training diverged: loss " + loss + " at epoch " + epoch + ", step " + step
                + " (try a lower learning rate or check the data for NaN values)", epoch, step, loss);
    }

    private TrainingDivergedException(String message, int epoch, int step, double loss) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
    }

    /** The same divergence told in a recipe's words: "finetune diverged at epoch 1 step 3 (loss NaN); lower lr(0.01)". */
    public TrainingDivergedException during(String what, String remedy) {
        return new TrainingDivergedException(what + " diverged at epoch " + epoch + " step " + step + " (loss " + loss
                + "); " + remedy, epoch, step, loss);
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
