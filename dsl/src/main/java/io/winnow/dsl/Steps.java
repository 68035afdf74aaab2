package io.winnow.dsl;

/** The recipe words of steps and options, as written in Java and in recipe files. */
public final class Steps {

    private Steps() {
    }

    /** The word of a step, e.g. {@code select} or {@code localImitation}. */
    public static String word(Step step) {
        if (step instanceof Step.Stage s) {
            return s.method().word();
        } else if (step instanceof Step.Rule r) {
            return r.rule().word();
        } else if (step instanceof Step.Select) {
            return "select";
        } else if (step instanceof Step.Layers) {
            return "layers";
        } else if (step instanceof Step.ExceptLayers) {
            return "exceptLayers";
        } else if (step instanceof Step.Imitate) {
            return "target";
        } else if (step instanceof Step.FinetuneEachLayer) {
            return "finetuneEachLayer";
        } else if (step instanceof Step.Calibration) {
            return "calibration";
        } else if (step instanceof Step.Finetune) {
            return "finetune";
        } else if (step instanceof Step.Verify) {
            return "verify";
        } else if (step instanceof Step.Seed) {
            return "seed";
        }
        throw new IllegalStateException("unknown step " + step);
    }

    /** Steps that belong to the selection stage before them. */
    public static boolean isStageLevel(Step step) {
        return step instanceof Step.Rule || step instanceof Step.Select || step instanceof Step.Layers
                || step instanceof Step.ExceptLayers || step instanceof Step.Imitate
                || step instanceof Step.FinetuneEachLayer;
    }

    /** A budget as written in a recipe, e.g. {@code 64} or {@code ratio(0.5)}. */
    public static String budgetText(Budget budget) {
        if (budget instanceof Budget.Count c) {
            return Integer.toString(c.k());
        } else if (budget instanceof Budget.Ratio r) {
            return "ratio(" + number(r.fraction()) + ")";
        } else if (budget instanceof Budget.Flops f) {
            return "flops(" + number(f.fraction()) + ")";
        } else if (budget instanceof Budget.Tolerance t) {
            return "tolerance(" + number(t.epsilon()) + ")";
        } else if (budget instanceof Budget.AccuracyDrop a) {
            return "accuracyDrop(" + number(a.drop()) + ")";
        }
        throw new IllegalStateException("unknown budget " + budget);
    }

    /** A finetune option as written in a recipe, e.g. {@code lr(0.01)}. */
    public static String optionText(FinetuneOption option) {
        if (option instanceof FinetuneOption.LearningRate lr) {
            return "lr(" + number(lr.value()) + ")";
        } else if (option instanceof FinetuneOption.Distill d) {
            return "distill(" + number(d.temperature()) + ")";
        } else if (option instanceof FinetuneOption.BatchSize b) {
            return "batchSize(" + b.size() + ")";
        }
        throw new IllegalStateException("unknown option " + option);
    }

    /** The canonical text of a double: Java's shortest exact form with a lower-case exponent, so it parses back exactly. */
    public static String number(double x) {
        return Double.toString(x).replace('E', 'e');
    }

    static String optionWord(Class<?> option) {
        if (option == FinetuneOption.LearningRate.class) {
            return "lr";
        } else if (option == FinetuneOption.Distill.class) {
            return "distill";
        } else if (option == FinetuneOption.BatchSize.class) {
            return "batchSize";
        }
        throw new IllegalStateException("unknown option " + option);
    }
}
