package io.winnow.engine.model;

import java.util.Arrays;

/** A dense float array with its shape (row-major, last index fastest): a weight or an activation. */
public record FloatArray(long[] shape, float[] values) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public FloatArray {
        shape = shape.clone();
        long size = sizeOf(shape);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
    }

    public static long sizeOf(long[] shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        return size;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** Rows [from, to) along the first axis (samples, in a batch of activations), copied. */
    public FloatArray rows(int from, int to) {
        if (rank() == 0 || from < 0 || to < from || to > shape[0]) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of an array of shape " + shapeText());
        }
        long[] sliced = shape.clone();
        int perRow = Math.toIntExact(sizeOf(shape) / Math.max(1, shape[0]));
        sliced[0] = to - from;
        float[] copied = new float[Math.multiplyExact(to - from, perRow)];
        System.arraycopy(values, from * perRow, copied, 0, copied.length);
        return new FloatArray(sliced, copied);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatArray f && Arrays.equals(shape, f.shape) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatArray" + shapeText();
    }
}
