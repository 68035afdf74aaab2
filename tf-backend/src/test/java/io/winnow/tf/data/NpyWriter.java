package io.winnow.tf.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes .npy and .npz bytes as numpy.lib.format describes them (version 1.0, header padded with
 * spaces to a multiple of 64 bytes and ended by a newline), for fixtures made at test time. The
 * reader is checked against numpy's own output separately (numpy-reference.npz).
 */
final class NpyWriter {

    private NpyWriter() {
    }

    static byte[] npy(String descr, long[] shape, byte[] values) {
        return npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + Npy.Array.shapeText(shape) + ", }",
                values);
    }

    /** A version 1.0 file with this header dict, padded as NumPy pads it. */
    static byte[] npy(String dict, byte[] values) {
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(values);
        return out.toByteArray();
    }

    static byte[] uint8(long[] shape, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return npy("|u1", shape, bytes);
    }

    static byte[] float32(long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return npy("<f4", shape, b.array());
    }

    static byte[] int64(long[] shape, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return npy("<i8", shape, b.array());
    }

    static long[] shape(long... dims) {
        return dims;
    }

    /** An .npz: each array stored as NAME.npy in a zip, as np.savez_compressed writes it. */
    static Path npz(Path file, Map<String, byte[]> arrays) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
