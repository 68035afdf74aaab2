package io.winnow.tf.data;

import java.nio.file.Path;

/** Where a {@link Dataset} came from, for reports: {@link #toString()} is the sentence to print. */
public sealed interface DataSource {

    /** The Fashion-MNIST subset shipped in this jar. */
    record Embedded() implements DataSource {
        @Override
        public String toString() {
            return "embedded Fashion-MNIST subset";
        }
    }

    /** Fashion-MNIST IDX files in a directory (the Debian package's, or one the user named). */
    record Directory(Path path) implements DataSource {
        @Override
        public String toString() {
            return "Fashion-MNIST from " + path;
        }
    }

    /** {@link TeacherData} generated from a seed. */
    record Synthetic(long seed) implements DataSource {
        @Override
        public String toString() {
            return "synthetic teacher data (seed " + seed + ")";
        }
    }
}
