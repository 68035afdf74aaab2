package io.winnow.engine.mixing;

import java.util.Arrays;

/**
 * What selection did to one layer (docs/theory.md section 1): the channels kept, ascending, in the
 * layer's numbering before selection, and the multiplier c_i = N a_i that each kept channel's
 * consumers read it with (1 for the baselines). Surgery folds exactly these numbers into the
 * consumers, so a report, a certificate and the pruned model all read this one shape.
 *
 * <p>Both arrays are copied in and out; equality is by content.
 *
 * @param kept        kept channels, strictly ascending, each at least 0
 * @param multipliers c_i for each kept channel, in the order of {@code kept}; finite and positive
 */
public record Mixing(int[] kept, double[] multipliers) {

    public Mixing {
        kept = kept.clone();
        multipliers = multipliers.clone();
        if (kept.length != multipliers.length) {
            throw new IllegalArgumentException("a mixing needs one multiplier per kept channel, got " + kept.length
                    + " channels and " + multipliers.length + " multipliers");
        }
        for (int j = 0; j < kept.length; j++) {
            if (kept[j] < 0 || (j > 0 && kept[j] <= kept[j - 1])) {
                throw new IllegalArgumentException("kept channels must be distinct, ascending and >= 0: "
                        + Arrays.toString(kept));
            }
            if (!(multipliers[j] > 0) || Double.isInfinite(multipliers[j])) {
                throw new IllegalArgumentException("multiplier c_" + kept[j] + " = " + multipliers[j]
                        + " is not finite and positive");
            }
        }
    }

    /** The channels given, in any order, each read with multiplier 1: what a baseline keeps. */
    public static Mixing unweighted(int[] channels) {
        int[] kept = channels.clone();
        Arrays.sort(kept);
        double[] ones = new double[kept.length];
        Arrays.fill(ones, 1.0);
        return new Mixing(kept, ones);
    }

    /** Every channel of a layer of this width with multiplier 1: the layer left as it is. */
    public static Mixing unchanged(int width) {
        int[] all = new int[width];
        Arrays.setAll(all, i -> i);
        return unweighted(all);
    }

    @Override
    public int[] kept() {
        return kept.clone();
    }

    @Override
    public double[] multipliers() {
        return multipliers.clone();
    }

    /**
     * The mixing weights a of a layer of {@code width} channels (docs/theory.md section 1): a_i = c_i / N
     * for each kept channel i, 0 elsewhere.
     */
    public double[] weights(int width) {
        double[] a = new double[width];
        for (int j = 0; j < kept.length; j++) {
            a[kept[j]] = multipliers[j] / width;
        }
        return a;
    }

    /** How many channels are kept. */
    public int size() {
        return kept.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mixing m && Arrays.equals(kept, m.kept) && Arrays.equals(multipliers, m.multipliers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(kept) + Arrays.hashCode(multipliers);
    }

    @Override
    public String toString() {
        return "Mixing[kept=" + Arrays.toString(kept) + ", multipliers=" + Arrays.toString(multipliers) + "]";
    }
}
