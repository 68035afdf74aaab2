package io.winnow.tf.data;

import static io.winnow.tf.data.NpyWriter.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    static final String REFERENCE = "/io/winnow/tf/data/numpy-reference.npz";

    static Path reference(Path dir) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream(REFERENCE)) {
            Path file = dir.resolve("numpy-reference.npz");
            Files.copy(in, file);
            return file;
        }
    }

    private static Npy.Array read(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes), "a.npy", bytes.length);
    }

    private static byte[] entry(Path npz, String name) throws IOException {
        try (ZipFile zip = new ZipFile(npz.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theTestWriterWritesTheBytesNumpyWrites(@TempDir Path dir) throws IOException {
        Path npz = reference(dir);
        int[] x = new int[24];
        for (int i = 0; i < 24; i++) {
            x[i] = 10 * i;
        }
        assertThat(NpyWriter.uint8(shape(4, 3, 2), x)).isEqualTo(entry(npz, "x.npy"));
        assertThat(NpyWriter.int64(shape(4), 0, 1, 2, 1)).isEqualTo(entry(npz, "y.npy"));
    }

    @Test
    void arraysNumpyWroteReadBackWithTheirDtypeShapeAndValues(@TempDir Path dir) throws IOException {
        Path npz = reference(dir);
        Npy.Array x = read(entry(npz, "x.npy"));
        assertThat(x.dtype().numpyName()).isEqualTo("uint8");
        assertThat(x.shape()).containsExactly(4, 3, 2);
        assertThat(x.integer(23)).isEqualTo(230);
        Npy.Array xTest = read(entry(npz, "x_test.npy"));
        assertThat(xTest.dtype().numpyName()).isEqualTo("float32");
        assertThat(xTest.shape()).containsExactly(2, 3, 2, 3);
        for (int i = 0; i < 36; i++) {
            assertThat(xTest.value(i)).isEqualTo((double) (i / 35f));
        }
        Npy.Array yTest = read(entry(npz, "y_test.npy"));
        assertThat(yTest.integer(0)).isEqualTo(2);
        assertThat(yTest.shapeText()).isEqualTo("(2,)");
    }

    @Test
    void bigEndianAndSignedAndUnsignedIntegersReadTheirValues() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-3).putInt(70_000);
        assertThat(read(NpyWriter.npy(">i4", shape(2), b.array())).integer(1)).isEqualTo(70_000);
        assertThat(read(NpyWriter.npy(">i4", shape(2), b.array())).integer(0)).isEqualTo(-3);
        byte[] u2 = {(byte) 0xff, (byte) 0xff};
        assertThat(read(NpyWriter.npy("<u2", shape(1), u2)).integer(0)).isEqualTo(65_535);
        assertThat(read(NpyWriter.npy("<i2", shape(1), u2)).integer(0)).isEqualTo(-1);
        ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
        assertThat(read(NpyWriter.npy("<f8", shape(1), d.array())).value(0)).isEqualTo(0.1);
    }

    @Test
    void versionTwoHeadersWithAFourByteLengthAreRead() throws IOException {
        byte[] v1 = NpyWriter.uint8(shape(2), 7, 9);
        int headerLength = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
        ByteBuffer v2 = ByteBuffer.allocate(v1.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(Arrays.copyOf(v1, 6)).put((byte) 2).put((byte) 0).putInt(headerLength);
        v2.put(Arrays.copyOfRange(v1, 10, v1.length));
        assertThat(read(v2.array()).integer(1)).isEqualTo(9);
    }

    @Test
    void aFileThatIsNotNpyIsRefusedNamingIt() {
        assertThatThrownBy(() -> read("PK\u0003\u0004 not an array".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("a.npy: not a .npy file (it does not start with \\x93NUMPY)");
    }

    @Test
    void aTruncatedFileIsRefusedWithTheBytesItHolds() {
        byte[] whole = NpyWriter.uint8(shape(2, 3), 1, 2, 3, 4, 5, 6);
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        assertThatThrownBy(() -> read(cut)).isInstanceOf(DataFormatException.class)
                .hasMessage("a.npy: the header announces shape (2, 3) of uint8 (6 bytes) but the file holds 4 bytes of values");
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(cut), "a.npy", -1))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("a.npy: truncated: the header announces shape (2, 3) of uint8 (6 bytes) but the file ends after 4");
    }

    @Test
    void trailingBytesAreRefusedWhenTheSizeIsUnknown() {
        byte[] whole = NpyWriter.uint8(shape(1), 1);
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(longer), "a.npy", -1))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("a.npy: more data than the header's shape (1,) of uint8 announces");
    }

    @Test
    void fortranOrderObjectsAndUnknownDtypesAreRefusedWithWhatToDo() {
        byte[] fortran = NpyWriter.npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]);
        assertThatThrownBy(() -> read(fortran)).hasMessage("a.npy: the array is in Fortran order; save it in C order "
                + "(np.save(f, np.ascontiguousarray(a)))");
        assertThatThrownBy(() -> read(NpyWriter.npy("|O", shape(1), new byte[8])))
                .hasMessageStartingWith("a.npy: an array of Python objects (dtype 'O') is pickled");
        assertThatThrownBy(() -> read(NpyWriter.npy("<f2", shape(1), new byte[2])))
                .hasMessage("a.npy: dtype '<f2' is not read; Winnow reads bool, int8 to int64, uint8 to uint64, "
                        + "float32 and float64");
        assertThatThrownBy(() -> read(NpyWriter.npy("<U3", shape(1), new byte[12])))
                .hasMessageStartingWith("a.npy: dtype '<U3' is not read");
    }

    @Test
    void aHeaderThatIsNotTheDictNumpyWritesIsRefused() {
        assertThatThrownBy(() -> read(NpyWriter.npy("{'descr': '|u1', 'shape': (1,), }", new byte[1])))
                .hasMessage("a.npy: the .npy header has keys [descr, shape]; expected exactly descr, fortran_order "
                        + "and shape");
        assertThatThrownBy(() -> read(NpyWriter.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (-1,), }",
                new byte[1]))).hasMessageStartingWith("a.npy: the .npy header is not a dict literal NumPy writes: "
                + "a shape holds non-negative integers at character");
        assertThatThrownBy(() -> read(NpyWriter.npy("[1, 2]", new byte[1])))
                .hasMessageStartingWith("a.npy: the .npy header is not a dict literal NumPy writes: expected '{'");
    }

    @Test
    void aShapeLargerThanAJavaArrayIsRefusedBeforeReading() {
        assertThatThrownBy(() -> read(NpyWriter.npy("<f4", shape(1 << 20, 1 << 20), new byte[0])))
                .hasMessage("a.npy: an array of shape (1048576, 1048576) and dtype float32 is larger than the "
                        + Npy.MAX_BYTES + " bytes Winnow reads");
    }

    @Test
    void theHeaderWinnowWritesIsTheOneTheIndependentWriterPadsAsNumPyDoesAndReadsBack() throws IOException {
        for (long[] shape : new long[][] {shape(3), shape(2, 28, 28), shape(1_000_000, 8, 8, 3), shape(0, 5)}) {
            for (String descr : new String[] {"<f4", "|u1", "<i8"}) {
                byte[] values = new byte[0];
                assertThat(Npy.header(descr, shape)).containsExactly(NpyWriter.npy(descr, shape, values));
                assertThat(Npy.header(descr, shape).length % 64).isZero();
            }
        }
        Npy.Array back = read(Npy.file("|u1", shape(2, 2), new byte[] {1, 2, 3, (byte) 250}));
        assertThat(back.shape()).containsExactly(2, 2);
        assertThat(back.integer(3)).isEqualTo(250);
    }
}
