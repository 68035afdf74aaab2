package io.winnow.dsl;

/** An option of {@code finetune(...)} or {@code finetuneEachLayer(...)}. */
public sealed interface FinetuneOption {

    /**
     * lr(x) lies in (0, MAX_LR]: SGD with Nesterov momentum diverges far below 10 on any model
     * Winnow builds, and a value outside is a typo (1e300 for 1e-3).
     */
    double MAX_LR = 10;
    /** distill(t) lies in [MIN_TEMPERATURE, MAX_TEMPERATURE]: logits / t overflows or vanishes in float32 outside. */
    double MIN_TEMPERATURE = 1e-3;
    double MAX_TEMPERATURE = 1e3;
    /** batchSize(n) lies in [1, MAX_BATCH_SIZE]. */
    int MAX_BATCH_SIZE = 65_536;
    /** clip(x) lies in (0, MAX_CLIP]: a larger bound never binds on a network Winnow can train. */
    double MAX_CLIP = 1e6;

    /** The option words, in the order diagnostics list them: the parser reads by them, each record names its own. */
    enum Kind implements Word {
        LR,
        DISTILL,
        BATCH_SIZE,
        CLIP
    }

    /** Which option this is; a switch over it is checked for every option by the compiler. */
    Kind kind();

    /** The word of this option, e.g. {@code lr}. */
    default String word() {
        return kind().word();
    }

    /** This option as written in {@code finetune(...)}, e.g. {@code lr(0.01)}. */
    String text();

    /** Learning rate of the finetuning optimiser, in (0, {@link #MAX_LR}]. */
    record LearningRate(double value) implements FinetuneOption {
        public LearningRate {
            if (!(value > 0 && value <= MAX_LR)) {
                throw new IllegalArgumentException("lr(x) needs 0 < x <= " + (int) MAX_LR + ", got " + value);
            }
        }

        @Override
        public Kind kind() {
            return Kind.LR;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(value) + ")";
        }
    }

    /** Knowledge distillation from the unpruned model at this softmax temperature, in [1e-3, 1e3]. */
    record Distill(double temperature) implements FinetuneOption {
        public Distill {
            if (!(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
                throw new IllegalArgumentException("distill(t) needs 0.001 <= t <= 1000, got " + temperature);
            }
        }

        @Override
        public Kind kind() {
            return Kind.DISTILL;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(temperature) + ")";
        }
    }

    /** Mini-batch size, in [1, {@link #MAX_BATCH_SIZE}]. */
    record BatchSize(int size) implements FinetuneOption {
        public BatchSize {
            if (size < 1 || size > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize(n) needs 1 <= n <= " + MAX_BATCH_SIZE + ", got " + size);
            }
        }

        @Override
        public Kind kind() {
            return Kind.BATCH_SIZE;
        }

        @Override
        public String text() {
            return word() + "(" + size + ")";
        }
    }

    /**
     * Gradient clipping: each step's gradient, all variables together, is scaled down to Euclidean norm
     * at most x when it is longer (global-norm clipping), in (0, {@link #MAX_CLIP}].
     */
    record Clip(double maxNorm) implements FinetuneOption {
        public Clip {
            if (!(maxNorm > 0 && maxNorm <= MAX_CLIP)) {
                throw new IllegalArgumentException("clip(x) needs 0 < x <= 1000000, got " + maxNorm);
            }
        }

        @Override
        public Kind kind() {
            return Kind.CLIP;
        }

        @Override
        public String text() {
            return word() + "(" + Literals.number(maxNorm) + ")";
        }
    }
}
