package io.winnow.dsl;

/** An option of {@code finetune(...)} or {@code finetuneEachLayer(...)}. */
public sealed interface FinetuneOption {

    /** The option words, in the order diagnostics list them: the parser reads by them, each record names its own. */
    enum Kind implements Word {
        LR,
        DISTILL,
        BATCH_SIZE
    }

    /** Which option this is; a switch over it is checked for every option by the compiler. */
    Kind kind();

    /** The word of this option, e.g. {@code lr}. */
    default String word() {
        return kind().word();
    }

    /** This option as written in {@code finetune(...)}, e.g. {@code lr(0.01)}. */
    String text();

    /** Learning rate of the finetuning optimiser; positive. */
    record LearningRate(double value) implements FinetuneOption {
        public LearningRate {
            if (!(value > 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException("lr(x) needs a finite x > 0, got " + value);
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

    /** Knowledge distillation from the unpruned model at this softmax temperature; positive. */
    record Distill(double temperature) implements FinetuneOption {
        public Distill {
            if (!(temperature > 0 && Double.isFinite(temperature))) {
                throw new IllegalArgumentException("distill(t) needs a finite t > 0, got " + temperature);
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

    /** Mini-batch size; at least 1. */
    record BatchSize(int size) implements FinetuneOption {
        public BatchSize {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize(n) needs n >= 1, got " + size);
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
}
