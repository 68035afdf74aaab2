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
    /** The most payload bytes Winnow reads from one file (Fashion-MNIST's largest holds 47 MB). */
    public static final long MAX_BYTES = 1L << 30;
    /** Deflate expands at most about 1032-fold, so a gzip file of n bytes holds at most this times n. */
    static final long GZIP_MAX_RATIO = 1032;

    /** Images as unsigned bytes, row-major, one {@code rows x cols} image after another. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private Idx() {
    }

    public static Images readImages(Path file) {
        long size = regularFileSize(file);
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString(), size);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file, int classes) {
        long size = regularFileSize(file);
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString(), classes, size);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param name the file name used in error messages */
    public static Images readImages(InputStream raw, String name) {
        return readImages(raw, name, -1);
    }

    /** @param fileSize the bytes the stream holds (before decompression), or -1 if unknown */
    private static Images readImages(InputStream raw, String name, long fileSize) {
        try (IdxStream in = open(raw, name)) {
            checkMagic(in, name, IMAGES_MAGIC, "images");
            int count = dimension(in, name, "image count");
            int rows = dimension(in, name, "rows");
            int cols = dimension(in, name, "columns");
            String what = count + " images of " + rows + "x" + cols + " pixels";
            long size = java.math.BigInteger.valueOf(count).multiply(java.math.BigInteger.valueOf((long) rows * cols))
                    .min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            checkClaim(name, what, size, 16, fileSize, in);
            byte[] pixels = readFully(in, size, name, what);
            checkEnd(in, name);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Labels, each checked to lie in 0..classes-1. */
    public static int[] readLabels(InputStream raw, String name, int classes) {
        return readLabels(raw, name, classes, -1);
    }

    private static int[] readLabels(InputStream raw, String name, int classes, long fileSize) {
        try (IdxStream in = open(raw, name)) {
            checkMagic(in, name, LABELS_MAGIC, "labels");
            int count = dimension(in, name, "label count");
            checkClaim(name, count + " labels", count, 8, fileSize, in);
            byte[] bytes = readFully(in, count, name, count + " labels");
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

    /** The decoded stream of an IDX file, and whether the file was gzipped. */
    private static final class IdxStream extends DataInputStream {
        final boolean gzip;

        IdxStream(InputStream in, boolean gzip) {
            super(in);
            this.gzip = gzip;
        }
    }

    private static IdxStream open(InputStream raw, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            return new IdxStream(gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered, gzip);
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

    /** A regular file's size; a directory, pipe or device is refused before it is opened. */
    private static long regularFileSize(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file + " is not a regular file (a directory, pipe or device); "
                        + "expected an IDX file, gzipped or not");
            }
            return Files.size(file);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a header whose payload the file cannot hold, judged by the file's real size (for gzip,
     * the most deflate can expand it to), or that exceeds {@link #MAX_BYTES}: before any allocation.
     */
    private static void checkClaim(String name, String what, long bytes, int header, long fileSize, IdxStream in) {
        if (fileSize >= 0) {
            boolean gzip = in.gzip;
            long most = gzip ? Math.multiplyExact(fileSize, GZIP_MAX_RATIO) : fileSize - header;
            if (bytes > most) {
                throw new DataFormatException(name + ": truncated: the header announces " + what + " (" + bytes
                        + " bytes) but " + (gzip ? "a gzip file of " + fileSize + " bytes holds at most " + most
                        : "the file holds only " + most + " bytes after the header"));
            }
        }
        if (bytes > MAX_BYTES) {
            throw new DataFormatException(name + ": the header announces " + what + " (" + bytes + " bytes); "
                    + "Winnow reads at most " + MAX_BYTES + " bytes from one IDX file");
        }
    }

    /** Reads exactly {@code length} bytes, growing the buffer as data arrives rather than trusting the header. */
    private static byte[] readFully(DataInputStream in, long length, String name, String what) throws IOException {
        byte[] into = new byte[(int) Math.min(length, 1 << 20)];
        int read = 0;
        while (read < length) {
            if (read == into.length) {
                into = java.util.Arrays.copyOf(into, (int) Math.min(length, 2L * into.length));
            }
            int n;
            try {
                n = in.read(into, read, into.length - read);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                throw new DataFormatException(name + ": truncated: the header announces " + what + " (" + length
                        + " bytes) but the file ends after " + read);
            }
            read += n;
        }
        return into;
    }

    private static void checkEnd(DataInputStream in, String name) throws IOException {
        if (in.read() >= 0) {
            throw new DataFormatException(name + ": more data than the header announces");
        }
    }
}
