package io.winnow.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

/** Shared helpers: random inputs and the element-wise tolerance the forward tests state. */
final class Close {

    /** Relative tolerance 1e-4, absolute for values below 1: float32 against a double reference. */
    static final double TOLERANCE = 1e-4;

    private Close() {
    }

    static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            double bound = TOLERANCE * Math.max(1, Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("element %d: %s vs reference %s", i, actual[i], expected[i]).isLessThanOrEqualTo(bound);
        }
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return x;
    }
}
