package io.winnow.tf.data;

import io.vavr.control.Option;
import io.winnow.dsl.network.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads what {@code --data} names, for a model that takes {@code input} and predicts
 * {@code classes}:
 * <ul>
 *   <li>nothing: Fashion-MNIST found by {@link FashionMnist#locate}; the word {@code embedded}: the
 *       subset in this jar;</li>
 *   <li>a directory holding Fashion-MNIST IDX files (any of the four, gzipped or not): read as
 *       today, 28x28 grey images, not resized;</li>
 *   <li>a directory holding {@code x.npy} (or {@code x_train.npy}), or an {@code .npz} file:
 *       {@link ArrayData};</li>
 *   <li>any other directory: class folders, {@link ImageFolder}.</li>
 * </ul>
 * Then every split is normalised ({@link Normalisation}).
 */
public final class DataReader {

    public static final String EMBEDDED = "embedded";

    private DataReader() {
    }

    /** @param data the {@code --data} value, or null when none was given */
    public static Dataset read(String data, Shape input, int classes, Normalisation normalisation) {
        normalisation.checkFor(input);
        Dataset dataset = load(data, input, classes);
        if (!dataset.train().sampleShape().equals(input)) {
            throw new DataFormatException(dataset.source() + ": samples are " + dataset.train().sampleShape()
                    + " but the model takes " + input + " (Fashion-MNIST IDX images are read as they are, not resized)");
        }
        if (dataset.train().classes() != classes) {
            throw new DataFormatException(dataset.source() + ": " + dataset.train().classes() + " classes but the "
                    + "model predicts " + classes);
        }
        return dataset.normalised(normalisation);
    }

    private static Dataset load(String data, Shape input, int classes) {
        if (data == null) {
            return FashionMnist.locate(Option.none());
        }
        if (data.equals(EMBEDDED)) {
            return FashionMnist.embedded();
        }
        Path path = Path.of(data);
        if (Files.isDirectory(path)) {
            if (FashionMnist.holdsIdxFiles(path)) {
                return FashionMnist.fromDirectory(path);
            }
            if (ArrayData.isArrayDirectory(path)) {
                return ArrayData.fromDirectory(path, input, classes);
            }
            return ImageFolder.read(path, input, classes);
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && name.endsWith(".npz")) {
            return ArrayData.fromNpz(path, input, classes);
        }
        if (Files.isRegularFile(path) && name.endsWith(".npy")) {
            throw new DataFormatException(path + " is one array; give the directory holding x.npy and y.npy "
                    + "(optionally x_test.npy and y_test.npy), or an .npz file holding x and y");
        }
        throw new DataFormatException("--data " + path + (Files.exists(path) ? " is neither a directory nor an .npz file"
                : " does not exist") + ": expected a directory (Fashion-MNIST IDX files, x.npy and y.npy, or one "
                + "folder of images per class), an .npz file, or '" + EMBEDDED + "'");
    }
}
