package io.winnow.tf.data;

import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Calibration data read from disk a part at a time ({@code winnow prune --calibration-data PATH},
 * docs/scale.md): the run's Gram matrices are sums over every sample, so they are added up part by
 * part, and no more than one part is ever held in memory, however many samples the data holds. Each
 * part is converted to the model's input and normalised as {@link DataReader} does a whole split.
 *
 * <p>Two layouts stream: a directory holding {@code x.npy} and {@code y.npy} (rows are read from the
 * files by offset, {@link Npy#rows}), and a directory of class folders (images are listed once and
 * decoded when their part is read, {@link ImageFolder.Listing}).
 */
public interface StreamedSamples {

    /** Samples per part read at once: a bound on what a streamed pass holds besides the network. */
    int PART = 1024;

    /** The path given, for reports and errors. */
    Path path();

    /** "arrays DIR (x.npy, y.npy)" or "image folder DIR": the sentence to print. */
    String describe();

    /** Samples in all. */
    int size();

    /**
     * The samples at {@code indices}, in that order, converted to the model's input and normalised; a
     * {@link DataFormatException} naming the file and sample when one cannot be read.
     */
    Split read(String name, int[] indices);

    /** Samples {@code [from, to)}. */
    default Split range(int from, int to) {
        return read("calibration", IntStream.range(from, to).toArray());
    }

    /**
     * {@code n} samples drawn without replacement with {@code seed} (Floyd's algorithm, so memory is
     * O(n) whatever {@link #size}), in index order: the in-memory calibration split of a streamed run.
     */
    default Split sample(int n, long seed) {
        if (n < 1 || n > size()) {
            throw new DataFormatException("calibration(" + n + ") asks for more samples than the " + size() + " of "
                    + describe() + "; give calibration(N) with N in 1.." + size());
        }
        SplittableRandom random = new SplittableRandom(seed);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int j = size() - n; j < size(); j++) {
            int t = random.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        return read("calibration", chosen.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The calibration data at {@code path} for a model that takes {@code input} and predicts
     * {@code classes}, listed (and its headers checked) but not read.
     */
    static StreamedSamples open(Path path, Shape input, int classes, Normalisation normalisation) {
        normalisation.checkFor(input);
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("x.npy"))) {
                return Arrays.open(path, input, classes, normalisation);
            }
            if (Files.exists(path.resolve("x_train.npy"))) {
                throw new DataFormatException("--calibration-data " + path + " holds x_train.npy; calibration data "
                        + "is one set of samples: name its arrays x.npy and y.npy");
            }
            ImageFolder.Listing listing = ImageFolder.list(path, classes);
            return new Images(listing, input, normalisation);
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        throw new DataFormatException("--calibration-data " + path + (!Files.exists(path) ? " does not exist"
                : name.endsWith(".npz") ? " is an .npz file, which is read whole" : " is not a directory")
                + ": give a directory holding x.npy and y.npy, or one folder of images per class, which Winnow "
                + "reads a part at a time");
    }

    private static Split normalised(Split split, Normalisation normalisation) {
        if (normalisation.isNone()) {
            return split;
        }
        float[] x = split.x();
        normalisation.applyTo(x, split.sampleShape() instanceof Shape.Image image ? image.channels() : 1);
        return split;
    }

    /** x.npy and y.npy in a directory: rows read by offset. */
    record Arrays(Path path, Npy.Header x, Npy.Header y, Shape input, int classes, Normalisation normalisation)
            implements StreamedSamples {

        static Arrays open(Path directory, Shape input, int classes, Normalisation normalisation) {
            Path yFile = directory.resolve("y.npy");
            if (!Files.isRegularFile(yFile)) {
                throw new DataFormatException(directory + " holds x.npy but no y.npy: calibration data needs the "
                        + "labels of its samples too (the width plan and the checks measure accuracy on them)");
            }
            Npy.Header x = Npy.header(directory.resolve("x.npy"));
            Npy.Header y = Npy.header(yFile);
            if (x.shape().length < 2 || x.shape()[0] == 0) {
                throw new DataFormatException(x.name() + ": shape " + Npy.Array.shapeText(x.shape())
                        + "; samples need shape (N, H, W), (N, H, W, C) or (N, F) with N >= 1");
            }
            if (y.shape().length == 0 || y.shape()[0] != x.shape()[0]) {
                throw new DataFormatException(y.name() + ": shape " + Npy.Array.shapeText(y.shape()) + ", but "
                        + x.name() + " holds " + x.shape()[0] + " samples; x and y must have the same length");
            }
            if (x.shape()[0] > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(x.name() + ": " + x.shape()[0] + " samples; Winnow streams at most "
                        + (Integer.MAX_VALUE - 8));
            }
            Arrays arrays = new Arrays(directory, x, y, input, classes, normalisation);
            arrays.read("calibration", new int[] {0}); // the first sample checks dtype and shape at once
            return arrays;
        }

        @Override
        public String describe() {
            return "arrays " + path + " (x.npy, y.npy: " + size() + " samples, read " + PART + " at a time)";
        }

        @Override
        public int size() {
            return (int) x.shape()[0];
        }

        @Override
        public Split read(String name, int[] indices) {
            Npy.Array xs = Npy.rows(path.resolve("x.npy"), x, indices);
            Npy.Array ys = Npy.rows(path.resolve("y.npy"), y, indices);
            return normalised(ArrayData.split(name, xs, ys, input, classes), normalisation);
        }

        @Override
        public Split range(int from, int to) {
            Npy.Array xs = Npy.rows(path.resolve("x.npy"), x, from, to - from);
            Npy.Array ys = Npy.rows(path.resolve("y.npy"), y, from, to - from);
            try {
                return normalised(ArrayData.split("calibration", xs, ys, input, classes), normalisation);
            } catch (DataFormatException e) {
                // The split counts samples from the part's first; say which part.
                throw new DataFormatException(e.getMessage() + " (counting from sample " + from + ", the first of "
                        + "the part " + from + " to " + to + ")", e);
            }
        }
    }

    /** A directory of class folders: images decoded when their part is read. */
    record Images(ImageFolder.Listing listing, Shape input, Normalisation normalisation) implements StreamedSamples {

        @Override
        public Path path() {
            return listing.directory();
        }

        @Override
        public String describe() {
            return "image folder " + path() + " (" + size() + " images, read " + PART + " at a time)";
        }

        @Override
        public int size() {
            return listing.size();
        }

        @Override
        public Split read(String name, int[] indices) {
            return normalised(listing.read(name, indices, input), normalisation);
        }
    }
}
