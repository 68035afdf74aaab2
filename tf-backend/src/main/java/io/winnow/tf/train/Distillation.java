package io.winnow.tf.train;

/**
 * Knowledge distillation (Hinton et al. 2015): the loss is
 * {@code alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) + (1 - alpha) * CE(labels, student)}.
 * The T^2 keeps the soft term's gradient scale independent of T.
 */
public record Distillation(double temperature, double alpha) {
    public Distillation {
        if (temperature <= 0 || alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("distillation needs temperature > 0 and alpha in [0, 1]");
        }
    }
}
