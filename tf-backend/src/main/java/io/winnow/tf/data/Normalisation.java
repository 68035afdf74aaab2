package io.winnow.tf.data;

import io.vavr.collection.List;
import io.winnow.tf.UserInputException;
import io.winnow.dsl.network.Shape;

/**
 * {@code --mean} and {@code --std}: every input value is {@code x = (pixel/255 - mean[c]) / std[c]}
 * for its channel c, where pixel/255 is the value in [0, 1] every reader produces (IDX and 8-bit
 * images divide by 255; float arrays are taken to be in that scale already). One value applies to
 * every channel. The default, mean 0 and std 1, leaves pixel/255: what Winnow has always fed its
 * models.
 */
public record Normalisation(List<Double> mean, List<Double> std) {

    public static final Normalisation NONE = new Normalisation(List.of(0.0), List.of(1.0));

    public Normalisation {
        if (mean.isEmpty() || std.isEmpty()) {
            throw new UserInputException("--mean and --std need at least one value each");
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new UserInputException("--mean " + m + " is not a finite number");
            }
        }
        for (double s : std) {
            if (!Double.isFinite(s) || s <= 0) {
                throw new UserInputException("--std " + s + " must be a finite number > 0");
            }
        }
    }

    public boolean isNone() {
        return mean.forAll(m -> m == 0.0) && std.forAll(s -> s == 1.0);
    }

    /**
     * Refuses lists that do not fit the model's input: one value, or one per channel of an image
     * input; a vector input takes one value.
     */
    public Normalisation checkFor(Shape input) {
        int channels = input instanceof Shape.Image image ? image.channels() : 1;
        check("--mean", mean, channels, input);
        check("--std", std, channels, input);
        return this;
    }

    private static void check(String option, List<Double> values, int channels, Shape input) {
        if (values.size() != 1 && values.size() != channels) {
            throw new UserInputException(option + " has " + values.size() + " values but the model's input "
                    + input + " has " + channels + " channel" + (channels == 1 ? "" : "s")
                    + (channels == 1 ? ": give one value" : ": give one value, or " + channels + " separated by commas"));
        }
    }

    /**
     * Normalises NHWC values in place; {@code channels} is the size of the last axis (1 for vectors).
     */
    void applyTo(float[] x, int channels) {
        if (isNone()) {
            return;
        }
        double[] m = new double[channels];
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = mean.size() == 1 ? mean.head() : mean.get(c);
            s[c] = std.size() == 1 ? std.head() : std.get(c);
        }
        for (int i = 0; i < x.length; i++) {
            int c = i % channels;
            x[i] = (float) ((x[i] - m[c]) / s[c]);
        }
    }

    @Override
    public String toString() {
        return "x = (pixel/255 - " + text(mean) + ") / " + text(std);
    }

    private static String text(List<Double> values) {
        return values.size() == 1 ? String.valueOf(values.head()) : values.mkString("(", ", ", ")");
    }
}
