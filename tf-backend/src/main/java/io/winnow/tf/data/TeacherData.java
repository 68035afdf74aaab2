package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import io.winnow.dsl.network.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic classification data for fast tests: Gaussian inputs labelled by the arg-max of a random
 * one-hidden-layer ReLU teacher network. A student of enough width can learn the task exactly, so
 * falling loss is a meaningful signal. The teacher's class scores are centred over all samples
 * before the arg-max: ReLU features are positive, so raw scores would favour one or two classes.
 */
public final class TeacherData {

    private TeacherData() {
    }

    public static Dataset generate(Shape sampleShape, int hidden, int classes, int trainSize, int testSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int in = Math.toIntExact(sampleShape.size());
        int n = trainSize + testSize;
        double[] w1 = gaussian(random, in * hidden, Math.sqrt(2.0 / in));
        double[] w2 = gaussian(random, hidden * classes, Math.sqrt(1.0 / hidden));
        float[] x = new float[n * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) nextGaussian(random);
        }
        double[] scores = new double[n * classes];
        double[] h = new double[hidden];
        double[] mean = new double[classes];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < hidden; j++) {
                double sum = 0;
                for (int i = 0; i < in; i++) {
                    sum += x[s * in + i] * w1[i * hidden + j];
                }
                h[j] = Math.max(0, sum);
            }
            for (int c = 0; c < classes; c++) {
                double score = 0;
                for (int j = 0; j < hidden; j++) {
                    score += h[j] * w2[j * classes + c];
                }
                scores[s * classes + c] = score;
                mean[c] += score / n;
            }
        }
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[s * classes + c] - mean[c] > scores[s * classes + best] - mean[best]) {
                    best = c;
                }
            }
            y[s] = best;
        }
        Split train = new Split("train", sampleShape, classes, Arrays.copyOf(x, trainSize * in), Arrays.copyOf(y, trainSize));
        Split test = new Split("test", sampleShape, classes, Arrays.copyOfRange(x, trainSize * in, n * in),
                Arrays.copyOfRange(y, trainSize, n));
        return new Dataset(new DataSource.Synthetic(seed), train, test);
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
