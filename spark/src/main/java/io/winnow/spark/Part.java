package io.winnow.spark;

import java.io.Serializable;

/**
 * One partition of the calibration split, samples [from, to), the {@code index}-th of its run's
 * statistics: a leaf of {@link GramTree}.
 */
record Part(int index, int from, int to) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * At most {@code slots} parts of {@code samples} samples, each a whole number of batches of
     * {@code batch} samples (the last may be short), the earlier parts taking the odd batches.
     */
    static java.util.List<Part> of(int samples, int batch, int slots) {
        int batches = (samples + batch - 1) / batch;
        int parts = Math.max(1, Math.min(slots, batches));
        java.util.List<Part> list = new java.util.ArrayList<>();
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int count = batches / parts + (p < batches % parts ? 1 : 0);
            int to = Math.min(samples, from + count * batch);
            list.add(new Part(p, from, to));
            from = to;
        }
        return list;
    }
}
