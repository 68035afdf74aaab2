package io.winnow.engine.model;

import io.winnow.dsl.network.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Labelled samples held in memory: {@code x} is row-major, one sample of {@code sampleShape} after
 * another (NHWC for images), {@code y} the class of each sample.
 */
public record Split(String name, Shape sampleShape, int classes, float[] x, int[] y) {

    public Split {
        long per = sampleShape.size();
        if (x.length != per * y.length) {
            throw new IllegalArgumentException("split " + name + ": " + x.length + " values for " + y.length
                    + " samples of " + sampleShape);
        }
        for (int label : y) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("split " + name + ": label " + label + " outside 0.." + (classes - 1));
            }
        }
    }

    public int size() {
        return y.length;
    }

    public int sampleSize() {
        return Math.toIntExact(sampleShape.size());
    }

    /** The samples at {@code indices}, in that order. */
    public Split select(String newName, int[] indices) {
        int per = sampleSize();
        float[] xs = new float[indices.length * per];
        int[] ys = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * per, xs, i * per, per);
            ys[i] = y[indices[i]];
        }
        return new Split(newName, sampleShape, classes, xs, ys);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public Split slice(int from, int to) {
        int per = sampleSize();
        return new Split(name, sampleShape, classes, Arrays.copyOfRange(x, from * per, to * per),
                Arrays.copyOfRange(y, from, to));
    }

    /** A seeded random permutation of 0..size-1 (Fisher-Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Count of samples per class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        return counts;
    }
}
