package io.winnow.tf.stats;

/**
 * How one consumer's share of a layer's Gram matrix is computed (docs/theory.md section 1, "Two
 * formulations and the cost model"). Both give G_ij = sum_rows <phi_i, phi_j> over the consumer's output
 * rows; they differ only in the order of the sums, so they agree to float32 rounding.
 *
 * <p>With P offsets a consumer reads per output row (k^2 kernel taps, or the pixels of a flattened
 * image), C channels and F outputs, in multiply-adds per output row:
 * <ul>
 *   <li>{@link #PATCH}: X^T X of the (P*C)-wide feature rows, (P*C)^2 a row, then once per layer the
 *       block sum with W W^T, (P*C)^2 * F;</li>
 *   <li>{@link #DIRECT}: every channel's contribution phi_i (F numbers a row, P multiply-adds each),
 *       F*C*P, then their Gram, F*C^2.</li>
 * </ul>
 * The cheaper one per row is used, a direct multiply-add counted as {@link #DIRECT_WEIGHT} patch ones
 * (its products are C columns wide and its depthwise convolutions do P multiply-adds per output: measured
 * 1.2-1.8 times slower per multiply-add than the patch product on 3x3 and 5x5 kernels), except that a
 * consumer with at most {@link #SMALL_FEATURES} features keeps the patch formulation: there the direct
 * formulation's 2F graph operations a batch cost more than its arithmetic saves, and the Gram stays bit for
 * bit what earlier versions computed.
 */
public enum Formulation {
    PATCH,
    DIRECT;

    /** Patch features P*C at or below which a consumer keeps the patch formulation. */
    public static final int SMALL_FEATURES = 128;

    /** What one multiply-add of the direct formulation costs in patch ones, for the choice. */
    public static final double DIRECT_WEIGHT = 1.5;

    /** The formulation used for {@code consumer} reading {@code channels} channels. */
    public static Formulation of(ContributionGram.Consumer consumer, int channels) {
        long features = (long) offsets(consumer) * channels;
        if (features <= SMALL_FEATURES) {
            return PATCH;
        }
        return patchCost(consumer, channels) <= DIRECT_WEIGHT * directCost(consumer, channels) ? PATCH : DIRECT;
    }

    /** Multiply-adds per output row of the patch formulation's X^T X: (P*C)^2. */
    public static long patchCost(ContributionGram.Consumer consumer, int channels) {
        return patchCost(offsets(consumer), channels);
    }

    /** Multiply-adds per output row of the direct formulation: F*C*(P + C). */
    public static long directCost(ContributionGram.Consumer consumer, int channels) {
        return directCost(offsets(consumer), channels, consumer.outputs());
    }

    /** (P*C)^2 for P offsets of C channels. */
    public static long patchCost(int offsets, int channels) {
        long features = (long) offsets * channels;
        return features * features;
    }

    /** F*C*(P + C) for P offsets of C channels and F outputs. */
    public static long directCost(int offsets, int channels, int outputs) {
        return (long) outputs * channels * (offsets + channels);
    }

    /** Multiply-adds per output row of this formulation. */
    public long cost(ContributionGram.Consumer consumer, int channels) {
        return this == PATCH ? patchCost(consumer, channels) : directCost(consumer, channels);
    }

    /** P: kernel taps of a convolution, pixels of a flattened image (1 for a vector). */
    static int offsets(ContributionGram.Consumer consumer) {
        if (consumer instanceof ContributionGram.Consumer.Conv conv) {
            return conv.kernel() * conv.kernel();
        }
        return ((ContributionGram.Consumer.Dense) consumer).offsets();
    }
}
