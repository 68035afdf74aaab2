package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import io.vavr.collection.List;
import io.winnow.dsl.network.Shape;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images in one folder per class, as torchvision's {@code ImageFolder} and Keras's
 * {@code image_dataset_from_directory} read them:
 * <pre>
 *   DIR/train/CLASS/*.png and DIR/test/CLASS/*.png     (the test split given)
 *   DIR/CLASS/*.png                                    (the test split held out, {@link Holdout})
 * </pre>
 * The classes are the folder names sorted by code point (Python's {@code sorted}), label 0 first;
 * DIR/test must have the same class folders as DIR/train. In a class folder every .png, .jpg and
 * .jpeg file (any case), in subfolders too, is an image of that class, read in sorted path order;
 * names starting with '.' are skipped, as are other files. Each image is converted to the model's
 * input ({@link InputConversion}); 8-bit values are divided by 255, 16-bit grey by 65535.
 */
public final class ImageFolder {

    public static final java.util.List<String> EXTENSIONS = java.util.List.of(".png", ".jpg", ".jpeg");

    private ImageFolder() {
    }

    /** Whether {@code directory} holds train/ and test/ folders: the test split is given. */
    public static boolean hasSplitFolders(Path directory) {
        return Files.isDirectory(directory.resolve("train")) && Files.isDirectory(directory.resolve("test"));
    }

    /** Reads the images of {@code directory}; the model takes {@code input} and predicts {@code classes}. */
    public static Dataset read(Path directory, Shape input, int classes) {
        if (hasSplitFolders(directory)) {
            Path trainDir = directory.resolve("train");
            Path testDir = directory.resolve("test");
            List<String> names = classFolders(trainDir, classes);
            List<String> testNames = subfolders(testDir);
            for (String name : names) {
                if (!testNames.contains(name)) {
                    throw new DataFormatException(testDir + " has no folder " + name + ": the test split needs the "
                            + "classes of " + trainDir + " (" + names.mkString(", ") + ")");
                }
            }
            for (String name : testNames) {
                if (!names.contains(name)) {
                    throw new DataFormatException(testDir.resolve(name) + " is not a class of " + trainDir + " ("
                            + names.mkString(", ") + ")");
                }
            }
            return new Dataset(new DataSource.Images(directory, false), read("train", trainDir, names, input),
                    read("test", testDir, names, input)).withClassNames(names);
        }
        List<String> names = classFolders(directory, classes);
        Split[] parts = Holdout.split(read("all", directory, names, input), directory.toString());
        return new Dataset(new DataSource.Images(directory, true), parts[0], parts[1]).withClassNames(names);
    }

    /** The class folders of {@code directory}: as many as the model has classes. */
    private static List<String> classFolders(Path directory, int classes) {
        List<String> names = subfolders(directory);
        if (names.isEmpty()) {
            throw new DataFormatException(directory + " holds no class folders: expected one folder of images per "
                    + "class (DIR/CLASS/*.png, or DIR/train/CLASS and DIR/test/CLASS), four IDX files, x.npy and "
                    + "y.npy, or give an .npz file");
        }
        if (names.size() != classes) {
            throw new DataFormatException(directory + " has " + names.size() + " class folder"
                    + (names.size() == 1 ? "" : "s") + " (" + names.mkString(", ") + ") but the model predicts "
                    + classes + " classes; give one folder per class");
        }
        return names;
    }

    /** The names of the non-hidden folders in {@code directory}, sorted by code point. */
    private static List<String> subfolders(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return List.ofAll(entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).toList()).sorted(ImageFolder::byCodePoint);
        } catch (IOException e) {
            throw new DataFormatException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static int byCodePoint(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Every image of every class folder, label by label. */
    private static Split read(String splitName, Path directory, List<String> names, Shape input) {
        Listing listing = list(directory, names);
        long per = input.size();
        if (per * listing.size() > Shape.MAX_VALUES) {
            throw new DataFormatException(directory + ": " + listing.size() + " images of the model's input " + input
                    + " are more values than Winnow holds in one split (" + Shape.MAX_VALUES + ")");
        }
        return listing.read(splitName, java.util.stream.IntStream.range(0, listing.size()).toArray(), input);
    }

    /**
     * The images of a directory of class folders, listed but not read: label by label, each class's in
     * sorted path order. {@link #read(String, int[], Shape)} decodes the ones a caller asks for, so a
     * folder larger than memory can be read a part at a time ({@link StreamedSamples}).
     */
    public record Listing(Path directory, List<String> names, java.util.List<Path> files, int[] labels) {

        public int size() {
            return files.size();
        }

        /** The images at {@code indices}, in that order, converted to {@code input}. */
        public Split read(String splitName, int[] indices, Shape input) {
            int per = Math.toIntExact(input.size());
            float[] x = new float[Math.multiplyExact(per, indices.length)];
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                Path file = files.get(indices[i]);
                Pixels pixels = pixels(file);
                InputConversion.convert(pixels.values(), pixels.height(), pixels.width(), pixels.channels(), input, x,
                        i * per, file.toString());
                y[i] = labels[indices[i]];
            }
            return new Split(splitName, input, names.size(), x, y);
        }
    }

    /** The class folders of {@code directory} (as many as the model has {@code classes}) and their images. */
    public static Listing list(Path directory, int classes) {
        return list(directory, classFolders(directory, classes));
    }

    private static Listing list(Path directory, List<String> names) {
        java.util.List<Path> files = new ArrayList<>();
        java.util.List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < names.size(); label++) {
            Path folder = directory.resolve(names.get(label));
            java.util.List<Path> images = images(folder);
            if (images.isEmpty()) {
                throw new DataFormatException(folder + " holds no images (" + String.join(", ", EXTENSIONS)
                        + "); every class folder needs at least one");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        return new Listing(directory, names, java.util.List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The image files under {@code folder}, in sorted path order. */
    private static java.util.List<Path> images(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !hidden(folder.relativize(p)))
                    .filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataFormatException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** An image's values in [0, 1], row-major HWC, with 1 (grey) or 3 (RGB) channels; alpha dropped. */
    record Pixels(int height, int width, int channels, float[] values) {
    }

    static Pixels pixels(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file + ": not a readable image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DataFormatException(file + ": not an image Java can read (PNG or JPEG expected)");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        if ((long) h * w * 3 > Shape.MAX_VALUES) {
            throw new DataFormatException(file + ": " + w + "x" + h + " pixels is too large an image");
        }
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel() instanceof ComponentColorModel
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey) {
            // The raster's samples, not getRGB: Java's grey colour space is linear, so getRGB would
            // re-encode every grey value through the sRGB curve.
            float max = (1L << image.getColorModel().getComponentSize(0)) - 1;
            float[] values = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return new Pixels(h, w, 1, values);
        }
        float[] values = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int at = (y * w + x) * 3;
                values[at] = ((rgb >> 16) & 0xff) / 255f;
                values[at + 1] = ((rgb >> 8) & 0xff) / 255f;
                values[at + 2] = (rgb & 0xff) / 255f;
            }
        }
        return new Pixels(h, w, 3, values);
    }
}
