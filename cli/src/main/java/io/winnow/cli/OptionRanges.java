package io.winnow.cli;

/**
 * The ranges of the numeric command-line options. An option outside its range is bad input, named
 * with the range: "--epochs must be at least 1, got 0", "--lr must be a number in (0, 10], got NaN".
 */
final class OptionRanges {

    static final int MAX_EPOCHS = 10_000;
    static final int MAX_BATCH_SIZE = io.winnow.dsl.FinetuneOption.MAX_BATCH_SIZE;
    static final double MAX_LR = io.winnow.dsl.FinetuneOption.MAX_LR;

    private OptionRanges() {
    }

    static int between(String option, int value, int min, int max) {
        if (value < min) {
            throw new UserError(option + " must be at least " + min + ", got " + value);
        }
        if (value > max) {
            throw new UserError(option + " must be at most " + max + ", got " + value);
        }
        return value;
    }

    /** A finite number in the interval written as {@code (low, high]}, {@code [low, high)} etc. */
    static double in(String option, double value, double low, boolean lowIncluded, double high, boolean highIncluded) {
        boolean fits = (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high);
        if (!fits) {
            throw new UserError(option + " must be a number in " + (lowIncluded ? "[" : "(") + text(low) + ", "
                    + text(high) + (highIncluded ? "]" : ")") + ", got " + value);
        }
        return value;
    }

    private static String text(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
