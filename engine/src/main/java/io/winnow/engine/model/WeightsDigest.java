package io.winnow.engine.model;

import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 of a network's weights in one canonical encoding (docs/report.md), independent of
 * how TensorFlow lays out a SavedModel: for each layer in architecture order, and each of its
 * parameters in name order, the UTF-8 bytes of "layer/param" preceded by their count (int32), the
 * rank (int32) and every dimension (int64), then the float32 values in row-major order. Every
 * number is big-endian; a float is its IEEE 754 bits as Java's floatToRawIntBits gives them.
 */
public final class WeightsDigest {

    private WeightsDigest() {
    }

    /** Lower-case hex SHA-256 of {@code weights}, which must fit {@code arch} exactly. */
    public static String of(Architecture arch, ModelWeights weights) {
        var problems = weights.problems(arch);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the weights do not fit the architecture: " + problems.mkString("; "));
        }
        MessageDigest sha = sha256();
        for (Layer layer : arch.layers()) {
            Map<String, FloatArray> params = weights.layers().get(layer.name()).getOrNull();
            if (params == null) {
                continue;
            }
            for (String param : params.keySet().toSortedSet()) {
                sha.update(encode(layer.name() + "/" + param, params.get(param).get()));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static ByteBuffer encode(String name, FloatArray array) {
        byte[] label = name.getBytes(StandardCharsets.UTF_8);
        float[] values = array.values();
        ByteBuffer out = ByteBuffer.allocate(4 + label.length + 4 + 8 * array.rank() + 4 * values.length)
                .order(ByteOrder.BIG_ENDIAN);
        out.putInt(label.length).put(label).putInt(array.rank());
        for (long dim : array.shape()) {
            out.putLong(dim);
        }
        for (float v : values) {
            out.putInt(Float.floatToRawIntBits(v));
        }
        return out.flip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
