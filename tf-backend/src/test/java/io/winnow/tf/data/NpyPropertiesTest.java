package io.winnow.tf.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class NpyPropertiesTest {

    private static final String[] DESCRS = {"|u1", "|i1", "|b1", "<u2", ">i2", "<i4", ">u4", "<i8", ">i8", "<f4", ">f4",
            "<f8", ">f8"};

    @Property(tries = 300)
    void anyArrayWrittenInTheFormatReadsBackWithItsShapeAndValues(@ForAll long seed,
                                                                  @ForAll @IntRange(min = 0, max = 4) int rank) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String descr = DESCRS[random.nextInt(DESCRS.length)];
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = random.nextInt(5);
            n *= shape[i];
        }
        int size = Integer.parseInt(descr.substring(2));
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer values = ByteBuffer.allocate((int) n * size).order(order);
        double[] expected = new double[(int) n];
        for (int i = 0; i < n; i++) {
            switch (descr.substring(1)) {
                case "u1", "b1" -> {
                    int v = descr.equals("|b1") ? random.nextInt(2) : random.nextInt(256);
                    values.put((byte) v);
                    expected[i] = v;
                }
                case "i1" -> {
                    int v = random.nextInt(256) - 128;
                    values.put((byte) v);
                    expected[i] = v;
                }
                case "u2", "i2" -> {
                    int v = descr.charAt(1) == 'u' ? random.nextInt(65536) : random.nextInt(65536) - 32768;
                    values.putShort((short) v);
                    expected[i] = v;
                }
                case "u4", "i4" -> {
                    long v = descr.charAt(1) == 'u' ? random.nextLong(1L << 32) : random.nextInt();
                    values.putInt((int) v);
                    expected[i] = v;
                }
                case "i8" -> {
                    long v = random.nextLong(-(1L << 52), 1L << 52);
                    values.putLong(v);
                    expected[i] = v;
                }
                case "f4" -> {
                    float v = (float) (random.nextDouble() * 2 - 1);
                    values.putFloat(v);
                    expected[i] = v;
                }
                default -> {
                    double v = random.nextDouble() * 2 - 1;
                    values.putDouble(v);
                    expected[i] = v;
                }
            }
        }
        byte[] file = NpyWriter.npy(descr, shape, values.array());
        Npy.Array array = Npy.read(new ByteArrayInputStream(file), "p.npy", file.length);
        assertThat(array.shape()).containsExactly(shape);
        assertThat(array.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(array.value(i)).as("%s element %d", descr, i).isEqualTo(expected[i]);
        }
    }

    @Property(tries = 500)
    void aDamagedFileIsRefusedWithADataFormatExceptionOrReadNeverAnotherFailure(@ForAll long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] file = NpyWriter.float32(NpyWriter.shape(2, 3), 1, 2, 3, 4, 5, 6);
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(80);
            file[at] = (byte) random.nextInt(256);
        }
        int length = random.nextInt(4) == 0 ? random.nextInt(file.length + 1) : file.length;
        try {
            Npy.read(new ByteArrayInputStream(file, 0, length), "p.npy", length);
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith("p.npy");
        }
    }
}
