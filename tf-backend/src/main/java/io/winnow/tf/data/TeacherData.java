package io.winnow.tf.data;

import io.winnow.dsl.Shape;
import java.util.SplittableRandom;

/**
 * Synthetic classification data for fast tests: Gaussian inputs labelled by the arg-max of a random
 * one-hidden-layer ReLU teacher network. A student of enough width can learn the task exactly, so
 * falling loss is a meaningful signal.
 */
public final class TeacherData {

    private TeacherData() {
    }

    public static Dataset generate(Shape sampleShape, int hidden, int classes, int trainSize, int testSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int in = Math.toIntExact(sampleShape.size());
        double[] w1 = gaussian(random, in * hidden, Math.sqrt(2.0 / in));
        double[] w2 = gaussian(random, hidden * classes, Math.sqrt(1.0 / hidden));
        Split train = split("train", sampleShape, classes, trainSize, random, w1, w2, hidden);
        Split test = split("test", sampleShape, classes, testSize, random, w1, w2, hidden);
        return new Dataset("synthetic teacher data (seed " + seed + ")", train, test);
    }

    private static Split split(String name, Shape shape, int classes, int n, SplittableRandom random,
                               double[] w1, double[] w2, int hidden) {
        int in = Math.toIntExact(shape.size());
        float[] x = new float[n * in];
        int[] y = new int[n];
        double[] h = new double[hidden];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < in; i++) {
                x[s * in + i] = (float) nextGaussian(random);
            }
            for (int j = 0; j < hidden; j++) {
                double sum = 0;
                for (int i = 0; i < in; i++) {
                    sum += x[s * in + i] * w1[i * hidden + j];
                }
                h[j] = Math.max(0, sum);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = 0;
                for (int j = 0; j < hidden; j++) {
                    score += h[j] * w2[j * classes + c];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            y[s] = best;
        }
        return new Split(name, shape, classes, x, y);
    }

    private static double[] gaussian(SplittableRandom random, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = nextGaussian(random) * std;
        }
        return v;
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    static double nextGaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
