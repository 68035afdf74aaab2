package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import io.winnow.dsl.network.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Labelled data as NumPy arrays: an .npz file ({@code np.savez} or {@code np.savez_compressed}) or a
 * directory of .npy files ({@code np.save}), holding
 * <ul>
 *   <li>{@code x} and {@code y}, or {@code x_train} and {@code y_train} (the names of Keras's
 *       mnist.npz): the training samples and their labels;</li>
 *   <li>optionally {@code x_test} and {@code y_test}; without them the test split is held out of
 *       the training arrays ({@link Holdout}).</li>
 * </ul>
 * {@code x} is NHWC: shape (N, H, W) for grey images, (N, H, W, C) with C = 1 to 4, or (N, F)
 * with F the model's whole input size; uint8 values are divided by 255, float32 and float64 values
 * are taken as they are (already pixel/255). Each sample is converted to the model's input
 * ({@link InputConversion}). {@code y} holds integer class labels, shape (N,) or (N, 1), each in
 * 0..classes-1. Other arrays are ignored.
 */
public final class ArrayData {

    private ArrayData() {
    }

    /** Whether {@code directory} holds arrays: an {@code x.npy} or an {@code x_train.npy}. */
    public static boolean isArrayDirectory(Path directory) {
        return Files.isRegularFile(directory.resolve("x.npy")) || Files.isRegularFile(directory.resolve("x_train.npy"));
    }

    /** Reads x.npy and y.npy (or x_train.npy and y_train.npy, and x_test.npy and y_test.npy) from a directory. */
    public static Dataset fromDirectory(Path directory, Shape input, int classes) {
        Map<String, Path> files = new TreeMap<>();
        try (var entries = Files.list(directory)) {
            entries.filter(p -> p.getFileName().toString().endsWith(".npy"))
                    .forEach(p -> files.put(stem(p.getFileName().toString()), p));
        } catch (IOException e) {
            throw new DataFormatException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        return read(new DataSource.Arrays(directory, !files.containsKey("x_test")), directory.toString(),
                files.keySet(), key -> Npy.read(files.get(key)), input, classes);
    }

    /** Reads the arrays of an .npz file. */
    public static Dataset fromNpz(Path file, Shape input, int classes) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + " is not a regular file; expected an .npz file (a zip of .npy arrays)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = new TreeMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().endsWith(".npy")) {
                    entries.put(stem(entry.getName()), entry);
                }
            }
            Function<String, Npy.Array> array = key -> {
                ZipEntry entry = entries.get(key);
                String name = file + ", array " + key;
                try (InputStream in = zip.getInputStream(entry)) {
                    return Npy.read(in, name, entry.getSize());
                } catch (IOException ex) {
                    throw new DataFormatException(name + ": cannot read: " + ex.getMessage(), ex);
                }
            };
            return read(new DataSource.Arrays(file, !entries.containsKey("x_test")), file.toString(), entries.keySet(),
                    array, input, classes);
        } catch (ZipException e) {
            throw new DataFormatException(file + ": not a readable .npz file (a zip of .npy arrays): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".npy".length());
    }

    private static Dataset read(DataSource source, String where, java.util.Set<String> names,
                                Function<String, Npy.Array> array, Shape input, int classes) {
        boolean plain = names.contains("x");
        boolean keras = names.contains("x_train");
        if (plain && keras) {
            throw new DataFormatException(where + " holds both x and x_train; keep one name for the training samples");
        }
        if (!plain && !keras) {
            throw new DataFormatException(where + " holds no array x (nor x_train); it holds "
                    + (names.isEmpty() ? "no .npy arrays" : String.join(", ", names))
                    + ": expected x and y, optionally x_test and y_test");
        }
        String xKey = plain ? "x" : "x_train";
        String yKey = plain ? "y" : "y_train";
        require(names, yKey, where, "the labels of " + xKey);
        if (names.contains("x_test") != names.contains("y_test")) {
            String missing = names.contains("x_test") ? "y_test" : "x_test";
            require(names, missing, where, "the other half of the test split");
        }
        Split train = split("train", array.apply(xKey), array.apply(yKey), input, classes);
        Split test;
        if (names.contains("x_test")) {
            test = split("test", array.apply("x_test"), array.apply("y_test"), input, classes);
        } else {
            Split[] parts = Holdout.split(train, where);
            train = parts[0];
            test = parts[1];
        }
        return new Dataset(source, train, test);
    }

    private static void require(java.util.Set<String> names, String key, String where, String what) {
        if (!names.contains(key)) {
            throw new DataFormatException(where + " holds no array " + key + " (" + what + "); it holds "
                    + String.join(", ", names));
        }
    }

    /** Pairs samples and labels and converts every sample to the model's input. */
    static Split split(String splitName, Npy.Array x, Npy.Array y, Shape input, int classes) {
        int n = samples(x);
        int[] labels = labels(y, n, x, classes);
        int[] dims = sampleDims(x, input);
        int h = dims[0];
        int w = dims[1];
        int c = dims[2];
        long per = input.size();
        if (per * n > Shape.MAX_VALUES) {
            throw new DataFormatException(x.name() + ": " + n + " samples of the model's input " + input + " are "
                    + per * n + " values; Winnow holds at most " + Shape.MAX_VALUES + " in one split");
        }
        boolean bytes = x.dtype().kind() == 'u' && x.dtype().bytes() == 1;
        if (!bytes && x.dtype().kind() != 'f') {
            throw new DataFormatException(x.name() + ": dtype " + x.dtype().numpyName() + "; samples must be uint8 "
                    + "(pixels 0..255) or float32/float64 (already pixel/255): x.astype(np.uint8) or "
                    + "x.astype(np.float32) / 255");
        }
        int size = h * w * c;
        float[] sample = new float[size];
        float[] out = new float[Math.toIntExact(per * n)];
        for (int s = 0; s < n; s++) {
            long base = (long) s * size;
            for (int i = 0; i < size; i++) {
                double v = bytes ? x.integer(base + i) / 255f : x.value(base + i);
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(x.name() + ": sample " + s + " holds " + v
                            + "; every value must be a finite number");
                }
                sample[i] = (float) v;
            }
            InputConversion.convert(sample, h, w, c, input, out, Math.toIntExact(s * per), x.name() + ", sample " + s);
        }
        return new Split(splitName, input, classes, out, labels);
    }

    private static int samples(Npy.Array x) {
        if (x.shape().length < 2) {
            throw new DataFormatException(x.name() + ": shape " + x.shapeText() + "; samples need shape (N, H, W), "
                    + "(N, H, W, C) or (N, F)");
        }
        if (x.shape()[0] == 0) {
            throw new DataFormatException(x.name() + ": shape " + x.shapeText() + " holds no samples");
        }
        return Math.toIntExact(x.shape()[0]);
    }

    /** Height, width and channels of one sample of {@code x}, NHWC. */
    private static int[] sampleDims(Npy.Array x, Shape input) {
        long[] s = x.shape();
        for (long d : s) {
            if (d == 0) {
                throw new DataFormatException(x.name() + ": shape " + x.shapeText() + " holds no values");
            }
        }
        return switch (s.length) {
            case 2 -> {
                if (input instanceof Shape.Image image && s[1] == image.size()) {
                    yield new int[] {image.height(), image.width(), image.channels()};
                }
                if (input instanceof Shape.Vector) {
                    yield new int[] {1, 1, (int) s[1]};
                }
                throw new DataFormatException(x.name() + ": shape " + x.shapeText() + " holds flat samples of " + s[1]
                        + " values, but the model's input " + input + " holds " + input.size()
                        + "; give images as (N, H, W) or (N, H, W, C)");
            }
            case 3 -> new int[] {(int) s[1], (int) s[2], 1};
            case 4 -> {
                if (s[3] >= 1 && s[3] <= 4) {
                    yield new int[] {(int) s[1], (int) s[2], (int) s[3]};
                }
                String hint = s[1] >= 1 && s[1] <= 4
                        ? "; it looks channels-first (N, C, H, W): save x.transpose(0, 2, 3, 1)" : "";
                throw new DataFormatException(x.name() + ": shape " + x.shapeText() + " has " + s[3]
                        + " channels; Winnow reads NHWC images of 1 to 4 channels" + hint);
            }
            default -> throw new DataFormatException(x.name() + ": shape " + x.shapeText()
                    + "; samples need shape (N, H, W), (N, H, W, C) or (N, F)");
        };
    }

    private static int[] labels(Npy.Array y, int n, Npy.Array x, int classes) {
        long[] s = y.shape();
        if (s.length == 0 || s.length > 2 || (s.length == 2 && s[1] != 1)) {
            String hint = s.length == 2 && s[1] == classes ? " (one-hot labels? save y.argmax(axis=1))" : "";
            throw new DataFormatException(y.name() + ": shape " + y.shapeText() + "; labels need shape (N,) or (N, 1)"
                    + hint);
        }
        if (s[0] != n) {
            throw new DataFormatException(y.name() + ": " + s[0] + " labels, but " + x.name() + " holds " + n
                    + " samples; x and y must have the same length");
        }
        if (!y.dtype().isInteger()) {
            throw new DataFormatException(y.name() + ": dtype " + y.dtype().numpyName() + "; labels must be integers "
                    + "(y.astype(np.int64))");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            long label = y.integer(i);
            if (label < 0 || label >= classes) {
                String value = y.dtype().kind() == 'u' && y.dtype().bytes() == 8 ? Long.toUnsignedString(label)
                        : Long.toString(label);
                throw new DataFormatException(y.name() + ": label " + value + " at index " + i + " is not a class of "
                        + "the model: labels must be 0.." + (classes - 1) + " (the model predicts " + classes
                        + " classes)");
            }
            labels[i] = (int) label;
        }
        return labels;
    }
}
