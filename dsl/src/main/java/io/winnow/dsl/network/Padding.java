package io.winnow.dsl.network;

/** Convolution and pooling padding, as in TensorFlow. */
public enum Padding {
    /** Output size ceil(in / stride); the input is zero-padded as needed. */
    SAME,
    /** Output size ceil((in - kernel + 1) / stride); no padding. */
    VALID;

    /** Output size along one axis for an input of size {@code in}. */
    public int outputSize(int in, int kernel, int stride) {
        int size = this == SAME ? ceilDiv(in, stride) : ceilDiv(in - kernel + 1, stride);
        return Math.max(size, 0);
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }
}
