package io.winnow.tf.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's .npy format (numpy.lib.format, versions 1.0 to 3.0): the magic {@code \x93NUMPY}, a
 * major and minor version byte, the header's length (uint16 little-endian in 1.0, uint32 after),
 * the header, a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (100, 28, 28), }}, then the values in
 * C order. Booleans, signed and unsigned integers and floats of 4 or 8 bytes are read, in either
 * byte order; Fortran order, structured dtypes and pickled objects are refused. Every fault is a
 * {@link DataFormatException} naming the file.
 */
public final class Npy {

    /** The most bytes of values one array may hold: what a Java array can. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * One array: its element type, its shape and its values as raw bytes.
     *
     * @param name the file (or .npz entry) named in errors
     */
    public record Array(String name, Dtype dtype, long[] shape, ByteBuffer data) {

        /** Elements in all. */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Element {@code i} (C order) as a float; for integers, the integer value. */
        public double value(long i) {
            int at = Math.toIntExact(i * dtype.bytes());
            return switch (dtype.kind()) {
                case 'f' -> dtype.bytes() == 4 ? data.getFloat(at) : data.getDouble(at);
                default -> integer(i);
            };
        }

        /** Element {@code i} of an integer or boolean array; unsigned 64-bit values above 2^63 read negative. */
        public long integer(long i) {
            int at = Math.toIntExact(i * dtype.bytes());
            boolean unsigned = dtype.kind() == 'u' || dtype.kind() == 'b';
            return switch (dtype.bytes()) {
                case 1 -> unsigned ? Byte.toUnsignedLong(data.get(at)) : data.get(at);
                case 2 -> unsigned ? Short.toUnsignedLong(data.getShort(at)) : data.getShort(at);
                case 4 -> unsigned ? Integer.toUnsignedLong(data.getInt(at)) : data.getInt(at);
                default -> data.getLong(at);
            };
        }

        /** "(100, 28, 28)", as NumPy prints a shape. */
        public String shapeText() {
            return shapeText(shape);
        }

        static String shapeText(long[] shape) {
            List<String> dims = new ArrayList<>();
            for (long d : shape) {
                dims.add(Long.toString(d));
            }
            return "(" + String.join(", ", dims) + (shape.length == 1 ? ",)" : ")");
        }
    }

    /**
     * An element type: kind {@code b} (bool), {@code i}, {@code u} or {@code f}, bytes per element
     * and byte order.
     */
    public record Dtype(char kind, int bytes, ByteOrder order, String descr) {

        /** NumPy's name: uint8, float32, ... */
        public String numpyName() {
            return switch (kind) {
                case 'b' -> "bool";
                case 'i' -> "int" + 8 * bytes;
                case 'u' -> "uint" + 8 * bytes;
                default -> "float" + 8 * bytes;
            };
        }

        public boolean isInteger() {
            return kind == 'i' || kind == 'u' || kind == 'b';
        }

        static Dtype parse(String descr, String name) {
            String unsupported = name + ": dtype '" + descr + "' is not read; Winnow reads bool, int8 to int64, "
                    + "uint8 to uint64, float32 and float64";
            if (descr.length() >= 2 && descr.charAt(1) == 'O') {
                throw new DataFormatException(name + ": an array of Python objects (dtype 'O') is pickled; Winnow "
                        + "does not unpickle: save numbers (x.astype(np.float32))");
            }
            if (descr.length() < 3) {
                throw new DataFormatException(unsupported);
            }
            char orderChar = descr.charAt(0);
            ByteOrder order = switch (orderChar) {
                case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                default -> throw new DataFormatException(unsupported);
            };
            char kind = descr.charAt(1);
            int bytes;
            try {
                bytes = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new DataFormatException(unsupported);
            }
            boolean ok = switch (kind) {
                case 'b' -> bytes == 1;
                case 'i', 'u' -> bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
                case 'f' -> bytes == 4 || bytes == 8;
                default -> false;
            };
            if (!ok) {
                throw new DataFormatException(unsupported);
            }
            return new Dtype(kind, bytes, order, descr);
        }
    }

    private Npy() {
    }

    /** Reads a .npy file, refusing anything but a regular file. */
    public static Array read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file + " is not a regular file; expected a .npy array");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DataFormatException(file + ": " + size + " bytes; Winnow reads .npy files of at most "
                        + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, file.toString(), size);
            }
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a .npy header says of its values: their type, their shape, and the byte offset at which they
     * start. The values may be larger than {@link #MAX_BYTES}: {@link #rows} reads them a block of rows
     * at a time.
     */
    public record Header(String name, Dtype dtype, long[] shape, long offset) {

        /** Bytes of all the values. */
        public long bytes() {
            return rowBytes() * (shape.length == 0 ? 1 : shape[0]);
        }

        /** Bytes of one row: one index of the first axis. */
        public long rowBytes() {
            long bytes = dtype.bytes();
            for (int d = 1; d < shape.length; d++) {
                bytes *= shape[d];
            }
            return bytes;
        }

        /** The shape of {@code count} rows. */
        long[] rowsShape(int count) {
            long[] s = shape.clone();
            s[0] = count;
            return s;
        }
    }

    /**
     * A version 1.0 .npy preamble and header for a C-order array of {@code shape} and NumPy type
     * {@code descr} ("<f4", "|u1", "<i8"), padded as NumPy pads it: the values follow it.
     */
    public static byte[] header(String descr, long[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + Array.shapeText(shape) + ", }";
        String text = dict + " ".repeat((64 - (MAGIC.length + 4 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** A whole .npy file: {@link #header} and then {@code values}, the array's bytes in C order. */
    public static byte[] file(String descr, long[] shape, byte[] values) {
        byte[] header = header(descr, shape);
        byte[] file = java.util.Arrays.copyOf(header, header.length + values.length);
        System.arraycopy(values, 0, file, header.length, values.length);
        return file;
    }

    /** Reads a .npy file's header, and checks that the file holds the values it announces, without reading them. */
    public static Header header(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file + " is not a regular file; expected a .npy array");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return header(in, file.toString(), Files.size(file), false);
            }
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows {@code [from, from + count)} of the first axis of the array {@code header} describes, read
     * from {@code file} alone: an array of shape (count, ...) whatever the size of the file.
     */
    public static Array rows(Path file, Header header, long from, int count) {
        if (header.shape().length == 0 || from < 0 || count < 0 || from + count > header.shape()[0]) {
            throw new IllegalArgumentException(header.name() + ": rows [" + from + ", " + (from + count)
                    + ") are outside its shape " + Array.shapeText(header.shape()));
        }
        long bytes = header.rowBytes() * count;
        if (bytes > MAX_BYTES) {
            throw new DataFormatException(header.name() + ": " + count + " rows are " + bytes + " bytes; read fewer "
                    + "at a time (at most " + MAX_BYTES + ")");
        }
        ByteBuffer values = ByteBuffer.allocate((int) bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, values, header.offset() + header.rowBytes() * from, header,
                    "rows " + from + " to " + (from + count));
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        values.flip();
        return new Array(header.name(), header.dtype(), header.rowsShape(count), values.order(header.dtype().order()));
    }

    /** The rows at {@code indices} of the first axis, in that order, read from {@code file} alone. */
    public static Array rows(Path file, Header header, int[] indices) {
        long rowBytes = header.rowBytes();
        if (rowBytes * indices.length > MAX_BYTES) {
            throw new DataFormatException(header.name() + ": " + indices.length + " rows are "
                    + rowBytes * indices.length + " bytes; read fewer at a time (at most " + MAX_BYTES + ")");
        }
        ByteBuffer values = ByteBuffer.allocate((int) (rowBytes * indices.length));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < indices.length; i++) {
                if (header.shape().length == 0 || indices[i] < 0 || indices[i] >= header.shape()[0]) {
                    throw new IllegalArgumentException(header.name() + ": row " + indices[i] + " is outside its shape "
                            + Array.shapeText(header.shape()));
                }
                readFully(channel, values.slice((int) (i * rowBytes), (int) rowBytes),
                        header.offset() + rowBytes * indices[i], header, "row " + indices[i]);
            }
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Array(header.name(), header.dtype(), header.rowsShape(indices.length),
                values.order(header.dtype().order()));
    }

    /** Fills {@code buffer} from {@code channel} at {@code at}; {@code what} names the rows in the error. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long at, Header header, String what)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new DataFormatException(header.name() + ": truncated: the file ended while reading " + what
                        + " (was it changed while Winnow read it?)");
            }
        }
    }

    /**
     * Reads one array from a stream holding exactly one .npy file.
     *
     * @param size the stream's bytes if known, else -1
     */
    public static Array read(InputStream in, String name, long size) throws IOException {
        Header header = header(in, name, size, true);
        long bytes = header.bytes();
        byte[] values = in.readNBytes((int) bytes);
        if (values.length < bytes) {
            throw new DataFormatException(name + ": truncated: the header announces shape "
                    + Array.shapeText(header.shape()) + " of " + header.dtype().numpyName() + " (" + bytes
                    + " bytes) but the file ends after " + values.length);
        }
        if (in.read() >= 0) {
            throw new DataFormatException(name + ": more data than the header's shape "
                    + Array.shapeText(header.shape()) + " of " + header.dtype().numpyName() + " announces");
        }
        return new Array(name, header.dtype(), header.shape(), ByteBuffer.wrap(values).order(header.dtype().order()));
    }

    /**
     * Reads the preamble and header from {@code in}, which is left at the first value.
     *
     * @param whole whether the values will be read into one Java array, so must fit one
     */
    private static Header header(InputStream in, String name, long size, boolean whole) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.length <= i || start[i] != MAGIC[i]) {
                throw new DataFormatException(name + ": not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        if (start.length < MAGIC.length + 2) {
            throw new DataFormatException(name + ": truncated: the file ends inside the .npy preamble");
        }
        int major = start[MAGIC.length];
        int minor = start[MAGIC.length + 1];
        if (major < 1 || major > 3) {
            throw new DataFormatException(name + ": .npy format version " + major + "." + minor
                    + "; Winnow reads versions 1.0 to 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new DataFormatException(name + ": truncated: the file ends inside the .npy preamble");
        }
        ByteBuffer length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedInt(length.getShort()) : Integer.toUnsignedLong(length.getInt());
        long preamble = MAGIC.length + 2 + lengthBytes;
        if (headerLength > (1 << 20) || (size >= 0 && preamble + headerLength > size)) {
            throw new DataFormatException(name + ": the .npy header claims " + headerLength + " bytes"
                    + (size >= 0 ? " but the file holds " + (size - preamble) + " after the preamble" : ""));
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new DataFormatException(name + ": truncated: the file ends inside the .npy header");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(header, name).dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new DataFormatException(name + ": the .npy header has keys " + dict.keySet()
                    + "; expected exactly descr, fortran_order and shape");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new DataFormatException(name + ": a structured dtype " + dict.get("descr")
                    + " is not read; save a plain numeric array");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataFormatException(name + ": fortran_order is " + dict.get("fortran_order")
                    + ", expected True or False");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new DataFormatException(name + ": shape is " + dict.get("shape") + ", expected a tuple of integers");
        }
        Dtype dtype = Dtype.parse(descr, name);
        if (fortran && shape.length > 1) {
            throw new DataFormatException(name + ": the array is in Fortran order; save it in C order "
                    + "(np.save(f, np.ascontiguousarray(a)))");
        }
        long bytes = dtype.bytes();
        for (long d : shape) {
            if (d > 0 && bytes > Long.MAX_VALUE / 2 / d) {
                throw new DataFormatException(name + ": an array of shape " + Array.shapeText(shape) + " and dtype "
                        + dtype.numpyName() + " is larger than any file");
            }
            bytes *= d;
        }
        if (whole && bytes > MAX_BYTES) {
            throw new DataFormatException(name + ": an array of shape " + Array.shapeText(shape) + " and dtype "
                    + dtype.numpyName() + " is larger than the " + MAX_BYTES + " bytes Winnow reads");
        }
        if (size >= 0 && preamble + headerLength + bytes != size) {
            throw new DataFormatException(name + ": the header announces shape " + Array.shapeText(shape) + " of "
                    + dtype.numpyName() + " (" + bytes + " bytes) but the file holds "
                    + (size - preamble - headerLength) + " bytes of values");
        }
        return new Header(name, dtype, shape, preamble + headerLength);
    }

    /**
     * The header's dict literal: string keys; values a string, True, False, or a tuple of
     * non-negative integers. Anything else (a list descr of a structured dtype) is kept as text.
     */
    private static final class HeaderParser {
        private final String text;
        private final String name;
        private int at;

        HeaderParser(String text, String name) {
            this.text = text;
            this.name = name;
        }

        Map<String, Object> dict() {
            Map<String, Object> dict = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    at++;
                    break;
                }
                String key = string();
                expect(':');
                Object value = value();
                if (dict.put(key, value) != null) {
                    throw fault("key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw fault("expected ',' or '}'");
                }
            }
            skipSpace();
            if (at != text.length()) {
                throw fault("text after the closing '}'");
            }
            return dict;
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            int start = at;
            int depth = 0;
            while (at < text.length() && (depth > 0 || (peek() != ',' && peek() != '}'))) {
                char d = text.charAt(at++);
                depth += d == '[' || d == '(' ? 1 : d == ']' || d == ')' ? -1 : 0;
            }
            return text.substring(start, at).trim();
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    at++;
                    break;
                }
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                if (start == at) {
                    throw fault("a shape holds non-negative integers");
                }
                try {
                    dims.add(Long.parseLong(text.substring(start, at)));
                } catch (NumberFormatException e) {
                    throw fault("dimension " + text.substring(start, at) + " is too large");
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else if (peek() != ')') {
                    throw fault("expected ',' or ')' in the shape");
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fault("expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw fault("a string is not closed");
            }
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw fault("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private DataFormatException fault(String what) {
            return new DataFormatException(name + ": the .npy header is not a dict literal NumPy writes: " + what
                    + " at character " + at + " of " + excerpt());
        }

        private String excerpt() {
            String s = text.strip();
            return s.length() <= 200 ? s : s.substring(0, 200) + "...";
        }
    }
}
