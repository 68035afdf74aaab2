package io.winnow.tf.data;

import static io.winnow.tf.data.NpyWriter.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrayDataTest {

    @TempDir
    Path dir;

    private static final Shape GREY_3X2 = Shape.image(3, 2, 1);

    private Path npz(Object... nameAndBytes) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            arrays.put((String) nameAndBytes[i], (byte[]) nameAndBytes[i + 1]);
        }
        return NpyWriter.npz(dir.resolve("d.npz"), arrays);
    }

    private static int[] ramp(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 256;
        }
        return v;
    }

    @Test
    void theNumpyMadeReferenceReadsAsItsScriptWroteIt() throws IOException {
        Dataset data = ArrayData.fromNpz(NpyTest.reference(dir), GREY_3X2, 3);
        assertThat(data.source()).isEqualTo(new DataSource.Arrays(dir.resolve("numpy-reference.npz"), false));
        assertThat(data.train().y()).containsExactly(0, 1, 2, 1);
        for (int i = 0; i < 24; i++) {
            assertThat(data.train().x()[i]).isEqualTo(10 * i / 255f);
        }
        assertThat(data.test().y()).containsExactly(2, 0);
        for (int p = 0; p < 12; p++) {
            float r = (3 * p) / 35f;
            float g = (3 * p + 1) / 35f;
            float b = (3 * p + 2) / 35f;
            assertThat(data.test().x()[p]).isEqualTo((float) (0.299 * r + 0.587 * g + 0.114 * b));
        }
    }

    @Test
    void kerasNamesXTrainAndYTrainAreRead() {
        Path file = npz("x_train", NpyWriter.uint8(shape(1, 3, 2), ramp(6)), "y_train", NpyWriter.int64(shape(1), 1),
                "x_test", NpyWriter.uint8(shape(1, 3, 2), ramp(6)), "y_test", NpyWriter.int64(shape(1, 1), 0));
        Dataset data = ArrayData.fromNpz(file, GREY_3X2, 2);
        assertThat(data.train().y()).containsExactly(1);
        assertThat(data.test().y()).containsExactly(0);
    }

    @Test
    void aDirectoryOfNpyFilesWithoutTestArraysHoldsOutOneInSix() {
        NpyWriter.write(dir.resolve("x.npy"), NpyWriter.uint8(shape(24, 3, 2), ramp(144)));
        long[] y = new long[24];
        for (int i = 0; i < 24; i++) {
            y[i] = i % 2;
        }
        NpyWriter.write(dir.resolve("y.npy"), NpyWriter.int64(shape(24), y));
        Dataset data = ArrayData.fromDirectory(dir, GREY_3X2, 2);
        assertThat(data.source()).isEqualTo(new DataSource.Arrays(dir, true));
        assertThat(data.test().size()).isEqualTo(4);
        assertThat(data.train().size()).isEqualTo(20);
        assertThat(data.test().classCounts()).containsExactly(2, 2);
    }

    @Test
    void flatSamplesOfTheModelsWholeSizeAreReshapedAndImagesAreResized() {
        Path flat = npz("x", NpyWriter.float32(shape(1, 6), 0, 0.2f, 0.4f, 0.6f, 0.8f, 1), "y", NpyWriter.int64(shape(1), 0),
                "x_test", NpyWriter.uint8(shape(1, 6, 4), ramp(24)), "y_test", NpyWriter.int64(shape(1), 0));
        Dataset data = ArrayData.fromNpz(flat, GREY_3X2, 1);
        assertThat(data.train().x()).containsExactly(0, 0.2f, 0.4f, 0.6f, 0.8f, 1);
        float[] expected = new float[6];
        float[] source = new float[24];
        for (int i = 0; i < 24; i++) {
            source[i] = i / 255f;
        }
        InputConversion.resize(source, 6, 4, 3, 2, 1, expected, 0);
        assertThat(data.test().x()).containsExactly(expected);
    }

    @Test
    void samplesAndLabelsOfDifferentLengthsAreRefusedNamingBoth() {
        Path file = npz("x", NpyWriter.uint8(shape(3, 3, 2), ramp(18)), "y", NpyWriter.int64(shape(2), 0, 1));
        assertThatThrownBy(() -> ArrayData.fromNpz(file, GREY_3X2, 2)).isInstanceOf(DataFormatException.class)
                .hasMessage(file + ", array y: 2 labels, but " + file + ", array x holds 3 samples; x and y must have "
                        + "the same length");
    }

    @Test
    void aLabelOutsideTheModelsClassesIsRefusedWithItsIndexAndTheValidRange() {
        NpyWriter.write(dir.resolve("x.npy"), NpyWriter.uint8(shape(3, 3, 2), ramp(18)));
        Path y = NpyWriter.write(dir.resolve("y.npy"), NpyWriter.int64(shape(3), 0, 1, 10));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 10)).isInstanceOf(DataFormatException.class)
                .hasMessage(y + ": label 10 at index 2 is not a class of the model: labels must be 0..9 (the model "
                        + "predicts 10 classes)");
        NpyWriter.write(y, NpyWriter.int64(shape(3), 0, -1, 1));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 10))
                .hasMessageStartingWith(y + ": label -1 at index 1 is not a class of the model");
    }

    @Test
    void labelsThatAreOneHotOrFloatAreRefusedWithTheFix() {
        NpyWriter.write(dir.resolve("x.npy"), NpyWriter.uint8(shape(2, 3, 2), ramp(12)));
        Path y = NpyWriter.write(dir.resolve("y.npy"), NpyWriter.int64(shape(2, 2), 1, 0, 0, 1));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 2))
                .hasMessage(y + ": shape (2, 2); labels need shape (N,) or (N, 1) (one-hot labels? save y.argmax(axis=1))");
        NpyWriter.write(y, NpyWriter.float32(shape(2), 0, 1));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 2))
                .hasMessage(y + ": dtype float32; labels must be integers (y.astype(np.int64))");
    }

    @Test
    void channelsFirstSamplesAreRefusedWithTheTranspose() {
        Path file = npz("x", NpyWriter.uint8(shape(1, 3, 8, 8), ramp(192)), "y", NpyWriter.int64(shape(1), 0));
        assertThatThrownBy(() -> ArrayData.fromNpz(file, GREY_3X2, 1))
                .hasMessage(file + ", array x: shape (1, 3, 8, 8) has 8 channels; Winnow reads NHWC images of 1 to 4 "
                        + "channels; it looks channels-first (N, C, H, W): save x.transpose(0, 2, 3, 1)");
    }

    @Test
    void samplesOfAnotherDtypeOrNotFiniteOrWithoutImageAxesAreRefused() {
        NpyWriter.write(dir.resolve("y.npy"), NpyWriter.int64(shape(1), 0));
        Path x = NpyWriter.write(dir.resolve("x.npy"), NpyWriter.int64(shape(1, 3, 2), 1, 2, 3, 4, 5, 6));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 1))
                .hasMessage(x + ": dtype int64; samples must be uint8 (pixels 0..255) or float32/float64 (already "
                        + "pixel/255): x.astype(np.uint8) or x.astype(np.float32) / 255");
        NpyWriter.write(x, NpyWriter.float32(shape(1, 3, 2), 0, 1, Float.NaN, 0, 0, 0));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 1))
                .hasMessage(x + ": sample 0 holds NaN; every value must be a finite number");
        NpyWriter.write(x, NpyWriter.float32(shape(1, 5), 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 1))
                .hasMessage(x + ": shape (1, 5) holds flat samples of 5 values, but the model's input 3x2x1 holds 6; "
                        + "give images as (N, H, W) or (N, H, W, C)");
        NpyWriter.write(x, NpyWriter.float32(shape(0, 3, 2)));
        assertThatThrownBy(() -> ArrayData.fromDirectory(dir, GREY_3X2, 1))
                .hasMessage(x + ": shape (0, 3, 2) holds no samples");
    }

    @Test
    void missingOrAmbiguousArraysAreRefusedNamingWhatIsThere() {
        byte[] x = NpyWriter.uint8(shape(1, 3, 2), ramp(6));
        byte[] y = NpyWriter.int64(shape(1), 0);
        Path onlyX = npz("x", x);
        assertThatThrownBy(() -> ArrayData.fromNpz(onlyX, GREY_3X2, 1))
                .hasMessage(onlyX + " holds no array y (the labels of x); it holds x");
        Path noX = npz("images", x, "labels", y);
        assertThatThrownBy(() -> ArrayData.fromNpz(noX, GREY_3X2, 1))
                .hasMessage(noX + " holds no array x (nor x_train); it holds images, labels: expected x and y, "
                        + "optionally x_test and y_test");
        Path both = npz("x", x, "y", y, "x_train", x, "y_train", y);
        assertThatThrownBy(() -> ArrayData.fromNpz(both, GREY_3X2, 1))
                .hasMessage(both + " holds both x and x_train; keep one name for the training samples");
        Path halfTest = npz("x", x, "y", y, "x_test", x);
        assertThatThrownBy(() -> ArrayData.fromNpz(halfTest, GREY_3X2, 1))
                .hasMessage(halfTest + " holds no array y_test (the other half of the test split); it holds x, x_test, y");
    }

    @Test
    void aFileThatIsNotAZipIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("d.npz"), "not a zip");
        assertThatThrownBy(() -> ArrayData.fromNpz(file, GREY_3X2, 1)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": not a readable .npz file (a zip of .npy arrays): ");
    }

    @Test
    void aDamagedArrayInsideAnNpzIsNamedByFileAndArray() {
        byte[] x = NpyWriter.uint8(shape(2, 3, 2), ramp(12));
        Path file = npz("x", java.util.Arrays.copyOf(x, x.length - 3), "y", NpyWriter.int64(shape(2), 0, 0));
        assertThatThrownBy(() -> ArrayData.fromNpz(file, GREY_3X2, 1))
                .hasMessage(file + ", array x: the header announces shape (2, 3, 2) of uint8 (12 bytes) but the file "
                        + "holds 9 bytes of values");
    }
}
