package io.winnow.engine.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The comparison baselines of docs/theory.md section 2: each keeps k neurons by a per-neuron
 * score, with no mixing weights. Ties go to the lower index so results are deterministic.
 * Every method returns the kept neuron indices in ascending order.
 */
public final class Baselines {

    private Baselines() {
    }

    /** L1 filter norm (Li et al. 2017): keep the k neurons with the largest ||w_i||_1. */
    public static int[] magnitude(double[] l1Norms, int k) {
        return topK(l1Norms, k);
    }

    /** First-order Taylor importance (Molchanov et al. 2017): keep the k highest scores. */
    public static int[] taylor(double[] importance, int k) {
        return topK(importance, k);
    }

    /** k neurons drawn uniformly without replacement; the same seed gives the same neurons. */
    public static int[] random(int width, int k, long seed) {
        requireK(width, k);
        int[] order = IntStream.range(0, width).toArray();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(width - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] kept = Arrays.copyOf(order, k);
        Arrays.sort(kept);
        return kept;
    }

    private static int[] topK(double[] scores, int k) {
        requireK(scores.length, k);
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a neuron score is NaN");
            }
        }
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    private static void requireK(int width, int k) {
        if (k < 1 || k > width) {
            throw new IllegalArgumentException("cannot keep " + k + " of " + width + " neurons");
        }
    }
}
