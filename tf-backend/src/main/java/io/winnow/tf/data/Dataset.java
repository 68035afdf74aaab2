package io.winnow.tf.data;

import io.vavr.collection.List;
import io.winnow.engine.model.Split;
import io.vavr.control.Option;
import io.winnow.dsl.network.Shape;
import java.util.Arrays;

/**
 * Training and test data, an optional calibration split carved from the training data, where
 * they came from, the name of each class (label k is {@code classNames.get(k)}) and the
 * normalisation applied to every split (both for reports).
 *
 * @param calibration samples taken out of the original training data; never from test
 */
public record Dataset(DataSource source, Split train, Split test, Option<Split> calibration, List<String> classNames,
                      Normalisation normalisation) {

    public Dataset {
        if (classNames.size() != train.classes()) {
            throw new IllegalArgumentException("dataset " + source + ": " + classNames.size() + " class names for "
                    + train.classes() + " classes");
        }
    }

    /** Data whose classes are named by their labels, 0 to classes - 1, without normalisation. */
    public Dataset(DataSource source, Split train, Split test) {
        this(source, train, test, Option.none(), indexNames(train.classes()), Normalisation.NONE);
    }

    /** "0", "1", ...: the names of classes known only by their labels. */
    public static List<String> indexNames(int classes) {
        return List.range(0, classes).map(String::valueOf);
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
        return new Dataset(source, train.select("train", rest), test, Option.some(train.select("calibration", calib)),
                classNames, normalisation);
    }

    /**
     * The same data with {@code sample} as its calibration split, drawn from calibration data of its own
     * ({@link StreamedSamples#sample}): the training data keep every sample.
     */
    public Dataset withCalibration(Split sample) {
        if (calibration.isDefined()) {
            throw new IllegalStateException("dataset " + source + " already has a calibration split");
        }
        if (!sample.sampleShape().equals(train.sampleShape()) || sample.classes() != train.classes()) {
            throw new IllegalArgumentException("a calibration split of " + sample.sampleShape() + " and "
                    + sample.classes() + " classes does not match " + train.sampleShape() + " and " + train.classes());
        }
        return new Dataset(source, train, test, Option.some(sample), classNames, normalisation);
    }

    /** The same data with its classes named. */
    public Dataset withClassNames(List<String> names) {
        return new Dataset(source, train, test, calibration, names, normalisation);
    }

    /**
     * Every split normalised by {@code n} ({@link Normalisation}); done once, on data still in the
     * pixel/255 scale, before any calibration split is carved.
     */
    public Dataset normalised(Normalisation n) {
        if (!normalisation.isNone()) {
            throw new IllegalStateException("dataset " + source + " is normalised already: " + normalisation);
        }
        if (calibration.isDefined()) {
            throw new IllegalStateException("normalise dataset " + source + " before carving its calibration split");
        }
        n.checkFor(train.sampleShape());
        return new Dataset(source, normalise(train, n), normalise(test, n), calibration, classNames, n);
    }

    private static Split normalise(Split split, Normalisation n) {
        float[] x = split.x().clone();
        n.applyTo(x, split.sampleShape() instanceof Shape.Image image ? image.channels() : 1);
        return new Split(split.name(), split.sampleShape(), split.classes(), x, split.y());
    }

    public String describe() {
        return source + ": " + train.size() + " train, " + calibration.map(c -> c.size() + " calibration, ").getOrElse("")
                + test.size() + " test";
    }

    /** "0 cat, 1 dog, 2 fox": each label with its class name. */
    public String classOrder() {
        return classNames.zipWithIndex().map(t -> t._2 + " " + t._1).mkString(", ");
    }
}
