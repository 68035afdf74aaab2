package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import io.vavr.control.Option;
import io.winnow.dsl.network.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando, MIT licence): 28x28 grey images of 10 kinds of clothing. Found, in this
 * order, in a directory the user names, in the Debian package's directory, or in the class-balanced
 * subset embedded in this jar (so a fresh clone runs with no download).
 */
public final class FashionMnist {

    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    public static final Shape SAMPLE = new Shape.Image(28, 28, 1);
    static final String EMBEDDED = "/io/winnow/tf/data/fashion-mnist-subset/";

    private static final String[] FILES = {
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private FashionMnist() {
    }

    /** The named directory if given, else the system one if installed, else the embedded subset. */
    public static Dataset locate(Option<Path> directory) {
        if (directory.isDefined()) {
            return fromDirectory(directory.get());
        }
        return Files.isDirectory(SYSTEM_DIRECTORY) ? fromDirectory(SYSTEM_DIRECTORY) : embedded();
    }

    /** Whether {@code directory} holds any of the four IDX files, gzipped or not. */
    public static boolean holdsIdxFiles(Path directory) {
        for (String file : FILES) {
            if (Files.exists(directory.resolve(file)) || Files.exists(directory.resolve(file + ".gz"))) {
                return true;
            }
        }
        return false;
    }

    /** Reads the four IDX files (gzipped or not, with or without {@code .gz}) from a directory. */
    public static Dataset fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DataFormatException("data directory " + directory + " does not exist or is not a directory");
        }
        Path[] paths = new Path[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            Path plain = directory.resolve(FILES[i]);
            Path gz = directory.resolve(FILES[i] + ".gz");
            paths[i] = Files.exists(gz) ? gz : plain;
            if (!Files.exists(paths[i])) {
                throw new DataFormatException("data directory " + directory + " has no " + FILES[i] + " (nor "
                        + FILES[i] + ".gz): expected the four Fashion-MNIST IDX files");
            }
        }
        Split train = split("train", Idx.readImages(paths[0]), paths[0].toString(), Idx.readLabels(paths[1], CLASSES), paths[1].toString());
        Split test = split("test", Idx.readImages(paths[2]), paths[2].toString(), Idx.readLabels(paths[3], CLASSES), paths[3].toString());
        return new Dataset(new DataSource.Directory(directory), train, test);
    }

    /** The subset committed with the code: 12,000 training and 2,000 test images, 10% per class. */
    public static Dataset embedded() {
        Split train = split("train", embeddedImages(FILES[0]), EMBEDDED + FILES[0], embeddedLabels(FILES[1]), EMBEDDED + FILES[1]);
        Split test = split("test", embeddedImages(FILES[2]), EMBEDDED + FILES[2], embeddedLabels(FILES[3]), EMBEDDED + FILES[3]);
        return new Dataset(new DataSource.Embedded(), train, test);
    }

    /** Pairs images and labels, scaling pixels to [0, 1]. */
    static Split split(String name, Idx.Images images, String imagesName, int[] labels, String labelsName) {
        if (images.count() != labels.length) {
            throw new DataFormatException(imagesName + " holds " + images.count() + " images but " + labelsName
                    + " holds " + labels.length + " labels");
        }
        if (images.rows() != 28 || images.cols() != 28) {
            throw new DataFormatException(imagesName + ": images are " + images.rows() + "x" + images.cols()
                    + ", Fashion-MNIST images are 28x28");
        }
        byte[] pixels = images.pixels();
        float[] x = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            x[i] = Byte.toUnsignedInt(pixels[i]) / 255f;
        }
        return new Split(name, SAMPLE, CLASSES, x, labels);
    }

    private static Idx.Images embeddedImages(String file) {
        try (InputStream in = resource(file)) {
            return Idx.readImages(in, EMBEDDED + file + ".gz");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded " + file, e);
        }
    }

    private static int[] embeddedLabels(String file) {
        try (InputStream in = resource(file)) {
            return Idx.readLabels(in, EMBEDDED + file + ".gz", CLASSES);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded " + file, e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = FashionMnist.class.getResourceAsStream(EMBEDDED + file + ".gz");
        if (in == null) {
            throw new IllegalStateException("the embedded Fashion-MNIST subset is missing from the classpath: " + EMBEDDED);
        }
        return in;
    }
}
