package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import java.util.Arrays;

/**
 * The test split of data that comes without one (class folders without train/ and test/, arrays
 * without x_test): of each class's n samples, in file (or array) order, floor(n / 6) are held out,
 * chosen by the seeded permutation {@code Split.permutation(n, SEED)}.
 *
 * <p>The seed is fixed, not the run's {@code --seed}: train, prune, eval and verify must see the
 * same test images, or a model trained with one seed and pruned with another would be tested on
 * images it was trained on. The run's seed still draws the calibration split from the training
 * samples ({@link Dataset#withCalibration}).
 */
public final class Holdout {

    /** Every sixth sample of a class: 10,000 of 60,000, as Fashion-MNIST's own split. */
    public static final int ONE_IN = 6;
    public static final long SEED = 0;
    public static final String RULE = "1 in " + ONE_IN + " of each class held out for test";

    private Holdout() {
    }

    /** Which samples are test samples. */
    public static boolean[] test(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[counts[c]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][filled[labels[i]]++] = i;
        }
        boolean[] test = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            int[] p = Split.permutation(counts[c], SEED);
            for (int k = 0; k < counts[c] / ONE_IN; k++) {
                test[members[c][p[k]]] = true;
            }
        }
        return test;
    }

    /**
     * Splits {@code all} into training and test samples by {@link #test}; {@code name} is the data
     * named in an error when no class has the {@value #ONE_IN} samples it takes to hold one out.
     */
    public static Split[] split(Split all, String name) {
        boolean[] test = test(all.y(), all.classes());
        int[] testIndices = indices(test, true);
        if (testIndices.length == 0) {
            throw new DataFormatException(name + ": " + all.size() + " samples, too few to hold out a test split: "
                    + RULE + ", so some class needs at least " + ONE_IN + " samples (or give a test split: "
                    + "train/ and test/ folders, or x_test and y_test arrays)");
        }
        return new Split[] {all.select("train", indices(test, false)), all.select("test", testIndices)};
    }

    private static int[] indices(boolean[] test, boolean wanted) {
        int[] out = new int[test.length];
        int n = 0;
        for (int i = 0; i < test.length; i++) {
            if (test[i] == wanted) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
