package io.winnow.engine.model;

/** Mean cross-entropy loss (natural log, hard labels) and top-1 accuracy of a model on a split. */
public record Evaluation(String split, int samples, double loss, double accuracy) {

    @Override
    public String toString() {
        return String.format("%s: loss %.4f, top-1 %.2f%% (%d samples)", split, loss, 100 * accuracy, samples);
    }
}
