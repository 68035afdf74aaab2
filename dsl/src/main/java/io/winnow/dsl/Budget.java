package io.winnow.dsl;

/**
 * How many neurons a selection stage keeps in each layer it prunes.
 * Every budget checks its own range on construction, so an invalid one never exists.
 */
public sealed interface Budget {

    /** The budget words, in the order diagnostics list them: the parser reads by them, each record names its own. */
    enum Kind implements Word {
        COUNT,
        RATIO,
        FLOPS,
        TOLERANCE,
        ACCURACY_DROP
    }

    /** Which budget this is; a switch over it is checked for every budget by the compiler. */
    Kind kind();

    /** The word of this budget, e.g. {@code ratio}. */
    default String word() {
        return kind().word();
    }

    /** This budget as written in {@code select(...)}, e.g. {@code 64} or {@code ratio(0.5)}. */
    String text();

    /** Keep exactly {@code k} neurons (channels) in every layer of the stage. */
    record Count(int k) implements Budget {
        public Count {
            if (k < 1) {
                throw new IllegalArgumentException("select(k) needs k >= 1, got " + k);
            }
        }

        @Override
        public Kind kind() {
            return Kind.COUNT;
        }

        /** A count is written bare: {@code select(64)}. */
        @Override
        public String text() {
            return Integer.toString(k);
        }
    }

    /** Keep {@code ceil(fraction * width)} neurons of every layer; fraction in (0, 1]. */
    record Ratio(double fraction) implements Budget {
        public Ratio {
            requireUnitInterval("ratio", fraction);
        }

        /**
         * Neurons kept of a layer of this width: ceil(fraction * width), at least 1. The 1e-9 absorbs
         * rounding in the product, so ratio(0.55) of 100 keeps 55, not 56 (0.55 * 100 = 55.00000000000001).
         */
        public int of(int width) {
            return Math.max(1, (int) Math.ceil(fraction * width - 1e-9));
        }

        @Override
        public Kind kind() {
            return Kind.RATIO;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(fraction) + ")";
        }
    }

    /** Keep layers narrow enough that the whole model has at most this fraction of its FLOPs; in (0, 1]. */
    record Flops(double fraction) implements Budget {
        public Flops {
            requireUnitInterval("flops", fraction);
        }

        @Override
        public Kind kind() {
            return Kind.FLOPS;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(fraction) + ")";
        }
    }

    /** Add neurons until the discrepancy L is at most {@code epsilon * L(empty)}; epsilon in (0, 1]. */
    record Tolerance(double epsilon) implements Budget {
        public Tolerance {
            requireUnitInterval("tolerance", epsilon);
        }

        @Override
        public Kind kind() {
            return Kind.TOLERANCE;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(epsilon) + ")";
        }
    }

    /** Add neurons until top-1 accuracy on the calibration split is within this relative drop; in [0, 1). */
    record AccuracyDrop(double drop) implements Budget {
        public AccuracyDrop {
            if (!(drop >= 0 && drop < 1)) {
                throw new IllegalArgumentException("accuracyDrop(x) needs 0 <= x < 1, got " + drop);
            }
        }

        @Override
        public Kind kind() {
            return Kind.ACCURACY_DROP;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(drop) + ")";
        }
    }

    private static void requireUnitInterval(String word, double x) {
        if (!(x > 0 && x <= 1)) {
            throw new IllegalArgumentException(word + "(x) needs 0 < x <= 1, got " + x);
        }
    }
}
