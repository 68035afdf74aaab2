package io.winnow.tf.data;

import static io.winnow.tf.data.NpyWriter.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.winnow.dsl.network.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReaderTest {

    @TempDir
    Path dir;

    private static final Shape GREY_4 = Shape.image(4, 4, 1);

    @Test
    void aDirectoryOfClassFoldersIsReadAsImages() throws IOException {
        ImageFolderTest.classes(dir, 6, "a", "b");
        Dataset data = DataReader.read(dir.toString(), GREY_4, 2, Normalisation.NONE);
        assertThat(data.source()).isEqualTo(new DataSource.Images(dir, true));
        assertThat(data.normalisation()).isEqualTo(Normalisation.NONE);
    }

    @Test
    void anNpzFileAndADirectoryWithXNpyAreReadAsArrays() {
        byte[] x = NpyWriter.uint8(shape(6, 4, 4), new int[96]);
        byte[] y = NpyWriter.int64(shape(6), 0, 0, 0, 0, 0, 0);
        Path npz = NpyWriter.npz(dir.resolve("d.NPZ"), Map.of("x", x, "y", y));
        assertThat(DataReader.read(npz.toString(), GREY_4, 1, Normalisation.NONE).source())
                .isEqualTo(new DataSource.Arrays(npz, true));
        Path arrays = dir.resolve("arrays");
        NpyWriter.write(dir.resolve("x.npy"), x);
        assertThatThrownBy(() -> DataReader.read(dir.resolve("x.npy").toString(), GREY_4, 1, Normalisation.NONE))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("x.npy") + " is one array; give the directory holding x.npy and y.npy "
                        + "(optionally x_test.npy and y_test.npy), or an .npz file holding x and y");
        NpyWriter.write(dir.resolve("y.npy"), y);
        assertThat(DataReader.read(dir.toString(), GREY_4, 1, Normalisation.NONE).source())
                .isEqualTo(new DataSource.Arrays(dir, true));
        assertThat(arrays).doesNotExist();
    }

    @Test
    void theNormalisationIsAppliedToEverySplitAndRecorded() throws IOException {
        ImageFolderTest.classes(dir.resolve("train"), 1, "a");
        ImageFolderTest.classes(dir.resolve("test"), 1, "a");
        Normalisation n = new Normalisation(List.of(0.5), List.of(0.25));
        Dataset data = DataReader.read(dir.toString(), GREY_4, 1, n);
        assertThat(data.normalisation()).isEqualTo(n);
        assertThat(data.train().x()[0]).isEqualTo((float) ((0 / 255f - 0.5) / 0.25));
        assertThat(data.test().x()[0]).isEqualTo(-2f);
    }

    @Test
    void embeddedFashionMnistKeepsItsScaleByDefault() {
        Dataset data = DataReader.read("embedded", FashionMnist.SAMPLE, 10, Normalisation.NONE);
        assertThat(data.train().x()).isEqualTo(FashionMnist.embedded().train().x());
        assertThat(data.classNames()).hasSize(10).startsWith("0", "1");
    }

    @Test
    void idxDataForAModelOfAnotherShapeOrClassCountIsRefused() {
        assertThatThrownBy(() -> DataReader.read("embedded", Shape.image(8, 8, 1), 10, Normalisation.NONE))
                .hasMessage("embedded Fashion-MNIST subset: samples are 28x28x1 but the model takes 8x8x1 "
                        + "(Fashion-MNIST IDX images are read as they are, not resized)");
        assertThatThrownBy(() -> DataReader.read("embedded", FashionMnist.SAMPLE, 3, Normalisation.NONE))
                .hasMessage("embedded Fashion-MNIST subset: 10 classes but the model predicts 3");
    }

    @Test
    void aPathThatIsNeitherADirectoryNorAnNpzIsRefused() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> DataReader.read(missing.toString(), GREY_4, 1, Normalisation.NONE))
                .hasMessage("--data " + missing + " does not exist: expected a directory (Fashion-MNIST IDX files, "
                        + "x.npy and y.npy, or one folder of images per class), an .npz file, or 'embedded'");
        Path text = Files.writeString(dir.resolve("data.csv"), "1,2");
        assertThatThrownBy(() -> DataReader.read(text.toString(), GREY_4, 1, Normalisation.NONE))
                .hasMessageStartingWith("--data " + text + " is neither a directory nor an .npz file: expected");
    }

    @Test
    void aMeanListThatDoesNotFitTheModelIsRefusedBeforeAnyDataIsRead() {
        Normalisation rgb = new Normalisation(List.of(0.4, 0.5, 0.6), List.of(0.2));
        assertThatThrownBy(() -> DataReader.read(dir.resolve("nope").toString(), GREY_4, 1, rgb))
                .hasMessageStartingWith("--mean has 3 values but the model's input 4x4x1 has 1 channel");
    }
}
