package io.winnow.tf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.control.Option;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private static byte[] idx(int magic, int[] dims, int payload, int fill) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < payload; i++) {
            out.writeByte(fill == -1 ? i % 10 : fill);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void plainAndGzippedFilesReadTheSame() throws IOException {
        Path gz = dir.resolve("labels.gz");
        int[] labels = {3, 1, 4, 1, 5, 9, 2, 6};
        Idx.writeLabels(gz, labels);
        byte[] plain;
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        assertThat(Idx.readLabels(gz, 10)).containsExactly(labels);
        assertThat(Idx.readLabels(file("labels", plain), 10)).containsExactly(labels);
    }

    @Test
    void imagesRoundTripThroughTheWriter() throws IOException {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        Path f = dir.resolve("images.gz");
        Idx.writeImages(f, new Idx.Images(2, 3, 4, pixels));
        Idx.Images read = Idx.readImages(f);
        assertThat(read.count()).isEqualTo(2);
        assertThat(read.rows()).isEqualTo(3);
        assertThat(read.cols()).isEqualTo(4);
        assertThat(read.pixels()).containsExactly(pixels);
    }

    @Test
    void aLabelsFileGivenAsImagesIsABadMagicNumber() throws IOException {
        Path f = file("swapped", idx(Idx.LABELS_MAGIC, new int[] {4}, 4, 0));
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("bad magic number 0x00000801, expected 0x00000803")
                .hasMessageContaining("labels file");
    }

    @Test
    void aRandomFileIsABadMagicNumber() throws IOException {
        Path f = file("random", "hello world, this is not IDX".getBytes());
        assertThatThrownBy(() -> Idx.readLabels(f, 10))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("bad magic number");
    }

    @Test
    void aFileCutInsideThePixelsIsTruncated() throws IOException {
        byte[] full = idx(Idx.IMAGES_MAGIC, new int[] {3, 2, 2}, 12, 7);
        Path f = file("cut", Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("3 images of 2x2");
    }

    @Test
    void aFileCutInsideTheHeaderIsTruncated() throws IOException {
        Path f = file("cut", Arrays.copyOf(idx(Idx.IMAGES_MAGIC, new int[] {3, 2, 2}, 12, 7), 9));
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("truncated: the file ends before the rows");
    }

    @Test
    void aTruncatedGzipFileIsTruncated() throws IOException {
        Path gz = dir.resolve("images.gz");
        Idx.writeImages(gz, new Idx.Images(50, 28, 28, new byte[50 * 784]));
        byte[] content = Files.readAllBytes(gz);
        Path cut = file("cut.gz", Arrays.copyOf(content, content.length / 2));
        assertThatThrownBy(() -> Idx.readImages(cut))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    }

    @Test
    void imagesThatAreNot28By28AreNotFashionMnist() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(Idx.IMAGES_MAGIC, new int[] {2, 27, 28}, 2 * 27 * 28, 1));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {2}, 2, -1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(Idx.IMAGES_MAGIC, new int[] {2, 28, 28}, 2 * 784, 1));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {2}, 2, -1));
        assertThatThrownBy(() -> FashionMnist.fromDirectory(dir))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("images are 27x28");
    }

    @Test
    void aLabelOutOfRangeIsNamedWithItsSample() throws IOException {
        byte[] content = idx(Idx.LABELS_MAGIC, new int[] {5}, 5, 2);
        content[8 + 3] = 12;
        Path f = file("labels", content);
        assertThatThrownBy(() -> Idx.readLabels(f, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("label 12 of sample 3 is outside the class range 0..9");
    }

    @Test
    void aZeroDimensionIsRejected() throws IOException {
        Path f = file("zero", idx(Idx.IMAGES_MAGIC, new int[] {3, 0, 2}, 0, 0));
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("the rows in the header is 0");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path f = file("long", idx(Idx.LABELS_MAGIC, new int[] {2}, 3, 1));
        assertThatThrownBy(() -> Idx.readLabels(f, 10))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("more data than the header announces");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(Idx.IMAGES_MAGIC, new int[] {3, 28, 28}, 3 * 784, 1));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {4}, 4, -1));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(Idx.IMAGES_MAGIC, new int[] {2, 28, 28}, 2 * 784, 1));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {2}, 2, -1));
        assertThatThrownBy(() -> FashionMnist.fromDirectory(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("holds 3 images but")
                .hasMessageContaining("train-labels-idx1-ubyte holds 4 labels");
    }

    @Test
    void aDirectoryWithoutTheFilesSaysWhichIsMissing() {
        assertThatThrownBy(() -> FashionMnist.locate(Option.some(dir)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("has no train-images-idx3-ubyte");
    }

    @Test
    void aMissingDirectoryIsReported() {
        assertThatThrownBy(() -> FashionMnist.fromDirectory(dir.resolve("nope")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aLabelCountBeyondTheFileIsRefusedBeforeAllocating() throws IOException {
        Path f = file("labels", idx(Idx.LABELS_MAGIC, new int[] {Integer.MAX_VALUE}, 3, 1));
        assertThatThrownBy(() -> Idx.readLabels(f, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(f + ": truncated: the header announces 2147483647 labels (2147483647 bytes) but the file "
                        + "holds only 3 bytes after the header");
    }

    @Test
    void imageDimensionsBeyondTheFileAreRefusedBeforeAllocating() throws IOException {
        Path f = file("images", idx(Idx.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28}, 5, 1));
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f + ": truncated: the header announces 2147483647 images of 28x28 pixels "
                        + "(1683627179248 bytes)");
    }

    @Test
    void aGzippedLabelCountBeyondWhatDeflateCanHoldIsRefused() throws IOException {
        Path gz = dir.resolve("labels.gz");
        try (var out = new DataOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz)))) {
            out.write(idx(Idx.LABELS_MAGIC, new int[] {Integer.MAX_VALUE}, 3, 1));
        }
        assertThatThrownBy(() -> Idx.readLabels(gz, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(gz + ": truncated: the header announces 2147483647 labels")
                .hasMessageContaining("a gzip file of");
    }

    @Test
    void aGzippedStreamOfUnknownSizeIsReadAsItArrivesAndRefusedWhenItEnds() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(new java.util.zip.GZIPOutputStream(gz))) {
            out.write(idx(Idx.LABELS_MAGIC, new int[] {1 << 29}, 3, 1));
        }
        assertThatThrownBy(() -> Idx.readLabels(new java.io.ByteArrayInputStream(gz.toByteArray()), "stream.gz", 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("stream.gz: truncated: the header announces 536870912 labels (536870912 bytes) but the file ends after 3");
    }

    @Test
    void aClaimAboveTheCapIsRefusedEvenWithoutAKnownSize() throws IOException {
        byte[] header = idx(Idx.IMAGES_MAGIC, new int[] {100_000, 100, 200}, 0, 0);
        assertThatThrownBy(() -> Idx.readImages(new java.io.ByteArrayInputStream(header), "big"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("big: the header announces 100000 images of 100x200 pixels (2000000000 bytes); "
                        + "Winnow reads at most 1073741824 bytes from one IDX file");
    }

    @Test
    void aPipeOrDeviceIsRefusedUnopened() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> Idx.readLabels(zero, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("/dev/zero is not a regular file (a directory, pipe or device); expected an IDX file, gzipped or not");
    }
}
