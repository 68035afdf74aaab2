package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    private static final Shape GREY_4 = Shape.image(4, 4, 1);

    /** A grey PNG of one value, or a diagonal ramp when value is negative. */
    static Path grey(Path file, int size, int value) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setSample(x, y, 0, value >= 0 ? value : (x + y) * 255 / (2 * size - 2));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    static Path colour(Path file, int size, int rgb, String format) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    /** {@code perClass} grey images of 4x4 in each class folder under {@code root}, value 10 * label + k. */
    static void classes(Path root, int perClass, String... names) throws IOException {
        for (int c = 0; c < names.length; c++) {
            for (int k = 0; k < perClass; k++) {
                grey(root.resolve(names[c]).resolve(String.format("img%02d.png", k)), 4, 10 * c + k);
            }
        }
    }

    @Test
    void classFoldersSortByNameAndLabelTheirImages() throws IOException {
        classes(dir.resolve("train"), 2, "zebra", "ant", "Moth");
        classes(dir.resolve("test"), 1, "zebra", "ant", "Moth");
        Dataset data = ImageFolder.read(dir, GREY_4, 3);
        assertThat(data.classNames()).containsExactly("Moth", "ant", "zebra");
        assertThat(data.classOrder()).isEqualTo("0 Moth, 1 ant, 2 zebra");
        assertThat(data.source()).isEqualTo(new DataSource.Images(dir, false));
        assertThat(data.train().y()).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(data.test().y()).containsExactly(0, 1, 2);
        // Moth was written as class 2 by classes(): values 20 and 21
        assertThat(data.train().x()[0]).isEqualTo(20 / 255f);
        assertThat(data.train().x()[16]).isEqualTo(21 / 255f);
    }

    @Test
    void greyPngValuesAreReadExactlyNotThroughTheSrgbCurve() throws IOException {
        ImageFolder.Pixels flat = ImageFolder.pixels(grey(dir.resolve("x.png"), 4, 128));
        assertThat(flat.channels()).isEqualTo(1);
        assertThat(flat.values()).containsOnly(128 / 255f);
        float[] ramp = ImageFolder.pixels(grey(dir.resolve("y.png"), 4, -1)).values();
        assertThat(ramp[0]).isEqualTo(0f);
        assertThat(ramp[1]).isEqualTo(42 / 255f);
        assertThat(ramp[15]).isEqualTo(1f);
    }

    @Test
    void aFlatFolderHoldsOutOneInSixOfEachClass() throws IOException {
        classes(dir, 12, "cat", "dog", "fox");
        Dataset data = ImageFolder.read(dir, GREY_4, 3);
        assertThat(data.source()).isEqualTo(new DataSource.Images(dir, true));
        assertThat(data.test().classCounts()).containsExactly(2, 2, 2);
        assertThat(data.train().classCounts()).containsExactly(10, 10, 10);
    }

    @Test
    void colourImagesBecomeGreyAndEveryImageIsResizedToTheModel() throws IOException {
        colour(dir.resolve("train/red/r.png"), 10, 0xff0000, "png");
        colour(dir.resolve("train/red/r2.jpg"), 6, 0xff0000, "jpg");
        colour(dir.resolve("test/red/t.png"), 4, 0xff0000, "png");
        Split train = ImageFolder.read(dir, GREY_4, 1).train();
        assertThat(train.size()).isEqualTo(2);
        assertThat(train.x()[0]).isEqualTo((float) (0.299 * 1.0));
        assertThat((double) train.x()[16]).isCloseTo(0.299, org.assertj.core.api.Assertions.within(0.03));
        Split rgb = ImageFolder.read(dir, Shape.image(2, 2, 3), 1).train();
        assertThat(rgb.x()).startsWith(1f, 0f, 0f, 1f, 0f, 0f);
    }

    @Test
    void hiddenFoldersAndFilesOfOtherKindsAreSkipped() throws IOException {
        Path train = dir.resolve("train");
        classes(train, 1, "a", "b");
        classes(dir.resolve("test"), 1, "a", "b");
        grey(train.resolve(".ipynb_checkpoints/x.png"), 4, 0);
        grey(train.resolve("a/.hidden.png"), 4, 0);
        Files.writeString(train.resolve("a/notes.txt"), "not an image");
        grey(train.resolve("b/more/deeper.PNG"), 4, 7);
        Dataset data = ImageFolder.read(dir, GREY_4, 2);
        assertThat(data.classNames()).containsExactly("a", "b");
        assertThat(data.train().y()).containsExactly(0, 1, 1);
    }

    @Test
    void aClassCountOtherThanTheModelsIsRefusedListingTheFolders() throws IOException {
        classes(dir, 1, "cat", "dog");
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 10)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir + " has 2 class folders (cat, dog) but the model predicts 10 classes; give one folder "
                        + "per class");
    }

    @Test
    void anEmptyClassFolderIsRefusedNamingIt() throws IOException {
        classes(dir, 6, "cat");
        Files.createDirectories(dir.resolve("dog"));
        Files.writeString(dir.resolve("dog/readme.txt"), "");
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessage(dir.resolve("dog") + " holds no images (.png, .jpg, .jpeg); every class folder needs at least one");
    }

    @Test
    void anUnreadableImageIsRefusedNamingTheFile() throws IOException {
        classes(dir, 6, "cat");
        Path broken = Files.createDirectories(dir.resolve("dog")).resolve("broken.png");
        Files.writeString(broken, "this is not a PNG");
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessage(broken + ": not an image Java can read (PNG or JPEG expected)");
        byte[] png = Files.readAllBytes(dir.resolve("cat/img00.png"));
        Files.write(broken, java.util.Arrays.copyOf(png, 40));
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessageStartingWith(broken + ": not a readable image: ");
    }

    @Test
    void aTestFolderWithoutTheTrainingClassesOrWithOthersIsRefused() throws IOException {
        classes(dir.resolve("train"), 1, "cat", "dog");
        classes(dir.resolve("test"), 1, "cat");
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessage(dir.resolve("test") + " has no folder dog: the test split needs the classes of "
                        + dir.resolve("train") + " (cat, dog)");
        classes(dir.resolve("test"), 1, "dog", "emu");
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessage(dir.resolve("test/emu") + " is not a class of " + dir.resolve("train") + " (cat, dog)");
    }

    @Test
    void aFolderWithoutClassFoldersSaysWhatDataLooksLike() {
        assertThatThrownBy(() -> ImageFolder.read(dir, GREY_4, 2))
                .hasMessage(dir + " holds no class folders: expected one folder of images per class (DIR/CLASS/*.png, "
                        + "or DIR/train/CLASS and DIR/test/CLASS), four IDX files, x.npy and y.npy, or give an .npz file");
    }
}
