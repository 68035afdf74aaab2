package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the embedded class-balanced subset: the first {@code perClass} samples of each class in
 * a seeded permutation of the full training (and test) data, kept in their original order.
 *
 * <p>Usage: {@code MakeSubset SOURCE_DIR OUT_DIR TRAIN_PER_CLASS TEST_PER_CLASS SEED}.
 */
public final class MakeSubset {

    private MakeSubset() {
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int trainPerClass = Integer.parseInt(args[2]);
        int testPerClass = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        Files.createDirectories(out);
        write(source, out, "train", trainPerClass, seed);
        write(source, out, "t10k", testPerClass, seed + 1);
    }

    private static void write(Path source, Path out, String prefix, int perClass, long seed) throws IOException {
        Idx.Images images = Idx.readImages(source.resolve(prefix + "-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(source.resolve(prefix + "-labels-idx1-ubyte.gz"), FashionMnist.CLASSES);
        int[] taken = new int[FashionMnist.CLASSES];
        int[] chosen = new int[perClass * FashionMnist.CLASSES];
        int n = 0;
        for (int i : Split.permutation(labels.length, seed)) {
            if (taken[labels[i]] < perClass) {
                taken[labels[i]]++;
                chosen[n++] = i;
            }
        }
        if (n != chosen.length) {
            throw new IllegalStateException(prefix + ": not enough samples for " + perClass + " per class");
        }
        Arrays.sort(chosen);
        int pixels = images.rows() * images.cols();
        byte[] subset = new byte[n * pixels];
        int[] subsetLabels = new int[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(images.pixels(), chosen[k] * pixels, subset, k * pixels, pixels);
            subsetLabels[k] = labels[chosen[k]];
        }
        Idx.writeImages(out.resolve(prefix + "-images-idx3-ubyte.gz"), new Idx.Images(n, images.rows(), images.cols(), subset));
        Idx.writeLabels(out.resolve(prefix + "-labels-idx1-ubyte.gz"), subsetLabels);
    }
}
