package io.winnow.tf.train;

/** How gradients become updates. The learning rate comes from {@link TrainConfig} and its schedule. */
public sealed interface Optimizer {

    /** SGD with momentum (heavy ball, or Nesterov's look-ahead form). Momentum 0 is plain SGD. */
    record Sgd(double momentum, boolean nesterov) implements Optimizer {
        public Sgd {
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
        }
    }

    /** Adam (Kingma and Ba 2015) with bias correction. */
    record Adam(double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon <= 0) {
                throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0");
            }
        }
    }

    static Optimizer adam() {
        return new Adam(0.9, 0.999, 1e-7);
    }

    static Optimizer nesterov(double momentum) {
        return new Sgd(momentum, true);
    }
}
