package io.winnow.engine.model;

/** Mean cross-entropy loss (natural log, hard labels) and top-1 accuracy of a model on a split. */
public record Evaluation(String split, int samples, double loss, double accuracy) {

    /**
     * The loss and top-1 of logits, {@code labels.length} rows of {@code classes} (row-major), against
     * hard labels; a tie between the best logits counts the first. Any runtime's logits: TensorFlow's
     * for {@code Model.evaluate}, ONNX Runtime's for checking an export.
     */
    public static Evaluation of(String split, float[] logits, int[] labels, int classes) {
        if (logits.length != labels.length * classes) {
            throw new IllegalArgumentException(labels.length + " samples of " + classes + " classes need "
                    + labels.length * classes + " logits, got " + logits.length);
        }
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < labels.length; s++) {
            int base = s * classes;
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (logits[base + c] > max) {
                    max = logits[base + c];
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[base + c] - max);
            }
            loss += max + Math.log(sum) - logits[base + labels[s]];
            if (best == labels[s]) {
                correct++;
            }
        }
        return new Evaluation(split, labels.length, loss / labels.length, (double) correct / labels.length);
    }

    @Override
    public String toString() {
        return String.format("%s: loss %.4f, top-1 %.2f%% (%d samples)", split, loss, 100 * accuracy, samples);
    }
}
