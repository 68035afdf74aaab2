package io.winnow.dsl;

/** An option of {@code finetune(...)} or {@code finetuneEachLayer(...)}. */
public sealed interface FinetuneOption {

    /** Learning rate of the finetuning optimiser; positive. */
    record LearningRate(double value) implements FinetuneOption {
        public LearningRate {
            if (!(value > 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException("lr(x) needs a finite x > 0, got " + value);
            }
        }
    }

    /** Knowledge distillation from the unpruned model at this softmax temperature; positive. */
    record Distill(double temperature) implements FinetuneOption {
        public Distill {
            if (!(temperature > 0 && Double.isFinite(temperature))) {
                throw new IllegalArgumentException("distill(t) needs a finite t > 0, got " + temperature);
            }
        }
    }

    /** Mini-batch size; at least 1. */
    record BatchSize(int size) implements FinetuneOption {
        public BatchSize {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize(n) needs n >= 1, got " + size);
            }
        }
    }
}
