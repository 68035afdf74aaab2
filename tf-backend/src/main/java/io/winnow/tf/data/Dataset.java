package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import io.vavr.control.Option;
import java.util.Arrays;

/**
 * Training and test data, an optional calibration split carved from the training data, and where
 * they came from (for reports).
 *
 * @param calibration samples taken out of the original training data; never from test
 */
public record Dataset(DataSource source, Split train, Split test, Option<Split> calibration) {

    public Dataset(DataSource source, Split train, Split test) {
        this(source, train, test, Option.none());
    }

    /**
     * Moves {@code size} seeded-random training samples into a calibration split; the rest stay
     * training data, so calibration never overlaps training or test.
     */
    public Dataset withCalibration(int size, long seed) {
        if (calibration.isDefined()) {
            throw new IllegalStateException("dataset " + source + " already has a calibration split");
        }
        if (size < 1 || size >= train.size()) {
            throw new IllegalArgumentException("calibration size " + size + " must be in 1.." + (train.size() - 1));
        }
        int[] p = Split.permutation(train.size(), seed);
        int[] calib = Arrays.copyOfRange(p, 0, size);
        int[] rest = Arrays.copyOfRange(p, size, p.length);
        Arrays.sort(calib);
        Arrays.sort(rest);
        return new Dataset(source, train.select("train", rest), test, Option.some(train.select("calibration", calib)));
    }

    public String describe() {
        return source + ": " + train.size() + " train, " + calibration.map(c -> c.size() + " calibration, ").getOrElse("")
                + test.size() + " test";
    }
}
