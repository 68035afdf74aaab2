package io.winnow.tf.train;

/** The learning rate as a function of training progress, measured in epochs (fractional within an epoch). */
public sealed interface LrSchedule {

    /** @param base the configured learning rate; {@code epoch} in [0, epochs) */
    double at(double base, double epoch, int epochs);

    record Constant() implements LrSchedule {
        @Override
        public double at(double base, double epoch, int epochs) {
            return base;
        }
    }

    /** Multiplies the rate by {@code factor} every {@code everyEpochs} epochs. */
    record Step(int everyEpochs, double factor) implements LrSchedule {
        public Step {
            if (everyEpochs < 1 || factor <= 0) {
                throw new IllegalArgumentException("step schedule needs everyEpochs >= 1 and factor > 0");
            }
        }

        @Override
        public double at(double base, double epoch, int epochs) {
            return base * Math.pow(factor, Math.floor(epoch / everyEpochs));
        }
    }

    /** Half a cosine from the base rate down to 0 over the whole run (Loshchilov and Hutter, without restarts). */
    record Cosine() implements LrSchedule {
        @Override
        public double at(double base, double epoch, int epochs) {
            return base * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
        }
    }

    static LrSchedule constant() {
        return new Constant();
    }

    static LrSchedule cosine() {
        return new Cosine();
    }
}
