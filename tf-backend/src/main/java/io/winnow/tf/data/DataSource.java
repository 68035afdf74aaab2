package io.winnow.tf.data;

import java.nio.file.Path;

/** Where a {@link Dataset} came from, for reports: {@link #toString()} is the sentence to print. */
public sealed interface DataSource {

    /**
     * The {@code --data} value that reads this data again ({@link DataReader#read}): {@code embedded}, or the
     * absolute path that was read; none for data made in memory.
     */
    java.util.Optional<String> argument();

    /** The {@code --data} value of data read from {@code path}. */
    private static java.util.Optional<String> pathArgument(Path path) {
        return java.util.Optional.of(path.toAbsolutePath().normalize().toString());
    }

    /** The Fashion-MNIST subset shipped in this jar. */
    record Embedded() implements DataSource {
        @Override
        public String toString() {
            return "embedded Fashion-MNIST subset";
        }

        @Override
        public java.util.Optional<String> argument() {
            return java.util.Optional.of(DataReader.EMBEDDED);
        }
    }

    /** Fashion-MNIST IDX files in a directory (the Debian package's, or one the user named). */
    record Directory(Path path) implements DataSource {
        @Override
        public String toString() {
            return "Fashion-MNIST from " + path;
        }

        @Override
        public java.util.Optional<String> argument() {
            return pathArgument(path);
        }
    }

    /**
     * An image folder with one subfolder per class ({@link ImageFolder}).
     *
     * @param heldOut whether the test split was held out of the class folders ({@link Holdout})
     *                rather than read from DIR/test
     */
    record Images(Path path, boolean heldOut) implements DataSource {
        @Override
        public String toString() {
            return "image folder " + path + (heldOut ? " (" + Holdout.RULE + ")" : " (train/ and test/)");
        }

        @Override
        public java.util.Optional<String> argument() {
            return pathArgument(path);
        }
    }

    /**
     * NumPy arrays: an .npz file or a directory of .npy files ({@link ArrayData}).
     *
     * @param heldOut whether the test split was held out of the training arrays ({@link Holdout})
     */
    record Arrays(Path path, boolean heldOut) implements DataSource {
        @Override
        public String toString() {
            return "arrays " + path + (heldOut ? " (" + Holdout.RULE + ")" : " (with test arrays)");
        }

        @Override
        public java.util.Optional<String> argument() {
            return pathArgument(path);
        }
    }

    /** {@link TeacherData} generated from a seed. */
    record Synthetic(long seed) implements DataSource {
        @Override
        public String toString() {
            return "synthetic teacher data (seed " + seed + ")";
        }

        @Override
        public java.util.Optional<String> argument() {
            return java.util.Optional.empty();
        }
    }
}
