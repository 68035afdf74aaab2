package io.winnow.tf.data;

import static io.winnow.tf.data.NpyWriter.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --calibration-data: a part read from disk equals the same samples of the whole data read at once, for
 * arrays and image folders; a sample is the seeded draw without replacement; a file larger than a Java
 * array streams; bad calibration data is one clear error.
 */
class StreamedSamplesTest {

    private static final Shape MNIST = Architectures.MNIST;

    @TempDir
    Path tmp;

    @Test
    void anyRangeOrSetOfRowsOfAnArrayDirectoryEqualsThoseRowsReadWhole() throws IOException {
        int n = 37;
        Path dir = arrays(n, 5);
        Normalisation norm = new Normalisation(List.of(0.25), List.of(0.5));
        Split whole = ArrayData.split("all", Npy.read(dir.resolve("x.npy")), Npy.read(dir.resolve("y.npy")), MNIST, 10);
        float[] x = whole.x().clone();
        norm.applyTo(x, 1);
        StreamedSamples data = StreamedSamples.open(dir, MNIST, 10, norm);
        assertThat(data.size()).isEqualTo(n);
        assertThat(data.describe()).startsWith("arrays " + dir + " (x.npy, y.npy: 37 samples");

        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int from = random.nextInt(n);
            int to = from + 1 + random.nextInt(n - from);
            Split part = data.range(from, to);
            assertThat(part.x()).containsExactly(Arrays.copyOfRange(x, from * 784, to * 784));
            assertThat(part.y()).containsExactly(Arrays.copyOfRange(whole.y(), from, to));
        }
        int[] rows = {30, 2, 2, 17};
        Split picked = data.read("picked", rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat(Arrays.copyOfRange(picked.x(), i * 784, (i + 1) * 784))
                    .containsExactly(Arrays.copyOfRange(x, rows[i] * 784, (rows[i] + 1) * 784));
            assertThat(picked.y()[i]).isEqualTo(whole.y()[rows[i]]);
        }
    }

    @Test
    void aSampleIsASeededDrawWithoutReplacementInIndexOrder() throws IOException {
        Path dir = arrays(200, 6);
        StreamedSamples data = StreamedSamples.open(dir, MNIST, 10, Normalisation.NONE);
        Split all = data.range(0, 200);
        for (int n : new int[] {1, 50, 199, 200}) {
            Split a = data.sample(n, 9);
            assertThat(a.size()).isEqualTo(n);
            assertThat(a.x()).containsExactly(data.sample(n, 9).x());
            // every drawn sample is a distinct sample of the data, in index order
            int previous = -1;
            for (int i = 0; i < n; i++) {
                int index = indexOf(all, Arrays.copyOfRange(a.x(), i * 784, (i + 1) * 784));
                assertThat(index).isGreaterThan(previous);
                previous = index;
            }
        }
        assertThat(data.sample(50, 9).x()).isNotEqualTo(data.sample(50, 10).x());
        assertThat(data.sample(200, 4).x()).containsExactly(all.x());
        assertThatThrownBy(() -> data.sample(201, 1)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("calibration(201) asks for more samples than the 200 of arrays " + dir)
                .hasMessageContaining("give calibration(N) with N in 1..200");
    }

    @Test
    void anArrayLargerThanAJavaArrayStreamsAPartAtATime() throws IOException {
        // 3.2 million 28x28 uint8 images, 2.5 GB of values: the file is sparse, so it takes no disk.
        long n = 3_200_000;
        Path dir = Files.createDirectories(tmp.resolve("big"));
        byte[] header = NpyWriter.npy("|u1", shape(n, 28, 28), new byte[0]);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("x.npy").toFile(), "rw")) {
            file.write(header);
            file.setLength(header.length + n * 784);
            file.seek(header.length + (n - 1) * 784 + 3);
            file.write(255); // the last image's fourth pixel
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("y.npy").toFile(), "rw")) {
            byte[] y = NpyWriter.npy("|u1", shape(n), new byte[0]);
            file.write(y);
            file.setLength(y.length + n);
            file.seek(y.length + n - 1);
            file.write(7);
        }
        assertThat(Files.size(dir.resolve("x.npy"))).isGreaterThan(Npy.MAX_BYTES);
        assertThatThrownBy(() -> Npy.read(dir.resolve("x.npy"))).hasMessageContaining("bytes; Winnow reads .npy files of at most");

        StreamedSamples data = StreamedSamples.open(dir, MNIST, 10, Normalisation.NONE);
        assertThat(data.size()).isEqualTo((int) n);
        Split last = data.range((int) n - StreamedSamples.PART, (int) n);
        assertThat(last.size()).isEqualTo(StreamedSamples.PART);
        assertThat(last.x()[(StreamedSamples.PART - 1) * 784 + 3]).isEqualTo(1f);
        assertThat(last.y()[StreamedSamples.PART - 1]).isEqualTo(7);
        assertThat(last.y()[0]).isZero();
    }

    @Test
    void anImageFolderStreamsTheImagesItWouldReadWhole() throws IOException {
        Path dir = tmp.resolve("pets");
        SplittableRandom random = new SplittableRandom(2);
        String[] classes = {"cat", "dog", "fox"};
        for (String c : classes) {
            Path folder = Files.createDirectories(dir.resolve(c));
            for (int k = 0; k < 7; k++) {
                int size = 20 + random.nextInt(16);
                BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int v = random.nextInt(256);
                        image.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(c + "-" + k + ".png").toFile());
            }
        }
        ImageFolder.Listing listing = ImageFolder.list(dir, 3);
        Split whole = listing.read("all", IntStream.range(0, 21).toArray(), MNIST);
        StreamedSamples data = StreamedSamples.open(dir, MNIST, 3, Normalisation.NONE);
        assertThat(data.size()).isEqualTo(21);
        assertThat(data.describe()).isEqualTo("image folder " + dir + " (21 images, read 1024 at a time)");
        Split part = data.range(5, 16);
        assertThat(part.x()).containsExactly(Arrays.copyOfRange(whole.x(), 5 * 784, 16 * 784));
        assertThat(part.y()).containsExactly(0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2);
        assertThat(whole.y()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2);
    }

    @Test
    void calibrationDataThatDoesNotStreamIsOneErrorSayingWhatDoes() throws IOException {
        Path npz = Files.write(tmp.resolve("c.npz"), new byte[] {1});
        assertThatThrownBy(() -> StreamedSamples.open(npz, MNIST, 10, Normalisation.NONE))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("--calibration-data " + npz + " is an .npz file, which is read whole: give a directory "
                        + "holding x.npy and y.npy, or one folder of images per class, which Winnow reads a part at a "
                        + "time");
        assertThatThrownBy(() -> StreamedSamples.open(tmp.resolve("nope"), MNIST, 10, Normalisation.NONE))
                .hasMessageStartingWith("--calibration-data " + tmp.resolve("nope") + " does not exist: give a");

        Path noLabels = arrays(4, 1);
        Files.delete(noLabels.resolve("y.npy"));
        assertThatThrownBy(() -> StreamedSamples.open(noLabels, MNIST, 10, Normalisation.NONE))
                .hasMessageStartingWith(noLabels + " holds x.npy but no y.npy: calibration data needs the labels");

        Path shortLabels = arrays(4, 1);
        Files.write(shortLabels.resolve("y.npy"), NpyWriter.int64(shape(3), 0, 1, 2));
        assertThatThrownBy(() -> StreamedSamples.open(shortLabels, MNIST, 10, Normalisation.NONE))
                .hasMessage(shortLabels.resolve("y.npy") + ": shape (3,), but " + shortLabels.resolve("x.npy")
                        + " holds 4 samples; x and y must have the same length");

        Path badLabel = arrays(3000, 1);
        long[] labels = new long[3000];
        labels[2500] = 12;
        Files.write(badLabel.resolve("y.npy"), NpyWriter.int64(shape(3000), labels));
        StreamedSamples data = StreamedSamples.open(badLabel, MNIST, 10, Normalisation.NONE);
        assertThatThrownBy(() -> data.range(2048, 3000)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("label 12 at index 452 is not a class of the model")
                .hasMessageEndingWith("(counting from sample 2048, the first of the part 2048 to 3000)");
    }

    /** x.npy (uint8 images) and y.npy (labels 0-9) of {@code n} random samples. */
    private Path arrays(int n, long seed) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("arrays-" + n + "-" + seed));
        SplittableRandom random = new SplittableRandom(seed);
        int[] pixels = new int[n * 784];
        long[] labels = new long[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        Files.write(dir.resolve("x.npy"), NpyWriter.uint8(shape(n, 28, 28), pixels));
        Files.write(dir.resolve("y.npy"), NpyWriter.int64(shape(n), labels));
        return dir;
    }

    private static int indexOf(Split all, float[] sample) {
        for (int i = 0; i < all.size(); i++) {
            if (Arrays.equals(Arrays.copyOfRange(all.x(), i * 784, (i + 1) * 784), sample)) {
                return i;
            }
        }
        return -1;
    }
}
