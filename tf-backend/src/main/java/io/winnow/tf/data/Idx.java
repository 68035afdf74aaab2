package io.winnow.tf.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number (0x803 for images, 0x801 for
 * labels), the dimensions, then unsigned bytes. Files may be gzipped; we tell by the gzip magic
 * 0x1f8b, not by the file name. Every fault is a {@link DataFormatException} naming the file.
 */
public final class Idx {

    public static final int IMAGES_MAGIC = 0x803;
    public static final int LABELS_MAGIC = 0x801;

    /** Images as unsigned bytes, row-major, one {@code rows x cols} image after another. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private Idx() {
    }

    public static Images readImages(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file, int classes) {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString(), classes);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param name the file name used in error messages */
    public static Images readImages(InputStream raw, String name) {
        try (DataInputStream in = open(raw, name)) {
            checkMagic(in, name, IMAGES_MAGIC, "images");
            int count = dimension(in, name, "image count");
            int rows = dimension(in, name, "rows");
            int cols = dimension(in, name, "columns");
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name + ": " + count + " images of " + rows + "x" + cols + " is too large");
            }
            byte[] pixels = new byte[(int) size];
            readFully(in, pixels, name, count + " images of " + rows + "x" + cols + " pixels");
            checkEnd(in, name);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Labels, each checked to lie in 0..classes-1. */
    public static int[] readLabels(InputStream raw, String name, int classes) {
        try (DataInputStream in = open(raw, name)) {
            checkMagic(in, name, LABELS_MAGIC, "labels");
            int count = dimension(in, name, "label count");
            byte[] bytes = new byte[count];
            readFully(in, bytes, name, count + " labels");
            checkEnd(in, name);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
                if (labels[i] >= classes) {
                    throw new DataFormatException(name + ": label " + labels[i] + " of sample " + i
                            + " is outside the class range 0.." + (classes - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    public static void writeImages(Path file, Images images) throws IOException {
        try (DataOutputStream out = gzipOut(file)) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(images.count());
            out.writeInt(images.rows());
            out.writeInt(images.cols());
            out.write(images.pixels());
        }
    }

    public static void writeLabels(Path file, int[] labels) throws IOException {
        try (DataOutputStream out = gzipOut(file)) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        }
    }

    private static DataOutputStream gzipOut(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(raw, 1 << 16));
    }

    private static DataInputStream open(InputStream raw, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered);
        } catch (IOException e) {
            throw new DataFormatException(name + ": starts like a gzip file but its gzip header is damaged", e);
        }
    }

    private static void checkMagic(DataInputStream in, String name, int expected, String what) throws IOException {
        int magic = readInt(in, name, "the magic number");
        if (magic != expected) {
            String hint = magic == (expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)
                    ? " (this is an IDX " + (expected == IMAGES_MAGIC ? "labels" : "images") + " file)" : "";
            throw new DataFormatException(String.format("%s: bad magic number 0x%08x, expected 0x%08x for IDX %s%s",
                    name, magic, expected, what, hint));
        }
    }

    private static int dimension(DataInputStream in, String name, String what) throws IOException {
        int value = readInt(in, name, "the " + what);
        if (value < 1) {
            throw new DataFormatException(name + ": the " + what + " in the header is " + value + ", must be >= 1");
        }
        return value;
    }

    private static int readInt(DataInputStream in, String name, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(name + ": truncated: the file ends before " + what);
        }
    }

    private static void readFully(DataInputStream in, byte[] into, String name, String what) throws IOException {
        int read = 0;
        while (read < into.length) {
            int n;
            try {
                n = in.read(into, read, into.length - read);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                throw new DataFormatException(name + ": truncated: the header announces " + what + " (" + into.length
                        + " bytes) but the file ends after " + read);
            }
            read += n;
        }
    }

    private static void checkEnd(DataInputStream in, String name) throws IOException {
        if (in.read() >= 0) {
            throw new DataFormatException(name + ": more data than the header announces");
        }
    }
}
