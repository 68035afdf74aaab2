package io.winnow.tf.onnx;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A constant of the graph (an initializer or a Constant node's value) as plain Java arrays: its
 * dimensions and its values as floats (weights) or longs (shapes and pads).
 */
record OnnxTensor(long[] dims, float[] floats, long[] longs) {

    long size() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Reads float, double, int32 and int64 tensors, stored in typed fields or as little-endian raw data. */
    static OnnxTensor of(OnnxMl.TensorProto t, String what) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxImportException(what + " is stored in an external file; Winnow reads only ONNX files that hold "
                    + "their weights (save the model without external data)");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            count = Math.multiplyExact(count, d);
        }
        int n = Math.toIntExact(count);
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] floats = new float[n];
        long[] longs = new long[n];
        switch (t.getDataType()) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE -> {
                for (int i = 0; i < n; i++) {
                    floats[i] = raw ? bytes.getFloat() : t.getFloatData(i);
                    longs[i] = (long) floats[i];
                }
            }
            case OnnxMl.TensorProto.DataType.DOUBLE_VALUE -> {
                for (int i = 0; i < n; i++) {
                    double v = raw ? bytes.getDouble() : t.getDoubleData(i);
                    floats[i] = (float) v;
                    longs[i] = (long) v;
                }
            }
            case OnnxMl.TensorProto.DataType.INT64_VALUE -> {
                for (int i = 0; i < n; i++) {
                    longs[i] = raw ? bytes.getLong() : t.getInt64Data(i);
                    floats[i] = longs[i];
                }
            }
            case OnnxMl.TensorProto.DataType.INT32_VALUE -> {
                for (int i = 0; i < n; i++) {
                    longs[i] = raw ? bytes.getInt() : t.getInt32Data(i);
                    floats[i] = longs[i];
                }
            }
            default -> throw new OnnxImportException(what + " has element type "
                    + OnnxMl.TensorProto.DataType.forNumber(t.getDataType()) + "; Winnow imports float32 models "
                    + "(float, double, int32 and int64 constants)");
        }
        return new OnnxTensor(dims, floats, longs);
    }

    static OnnxTensor scalar(float value) {
        return new OnnxTensor(new long[0], new float[] {value}, new long[] {(long) value});
    }

    static OnnxTensor vector(float[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = (long) values[i];
        }
        return new OnnxTensor(new long[] {values.length}, values, longs);
    }

    static OnnxTensor longs(long[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return new OnnxTensor(new long[] {values.length}, floats, values);
    }
}
