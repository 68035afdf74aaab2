package io.winnow.dsl;

import io.vavr.collection.List;

/**
 * One call in a recipe chain. A {@link Recipe} is the list of its steps in the order written,
 * so the text form and the Java form of a recipe are the same sequence.
 */
public sealed interface Step {

    /** Starts a selection stage; the stage-level steps after it (rule, budget, scope, ...) belong to it. */
    record Stage(Method method) implements Step {
    }

    /** {@code optimizeGamma()} or {@code fixedGamma()}: the step rule of the current greedy stage. */
    record Rule(StepRule rule) implements Step {
    }

    /** {@code select(budget)}: how many neurons the current stage keeps. */
    record Select(Budget budget) implements Step {
    }

    /** {@code layers(patterns...)}: the current stage prunes only layers matching one of these globs. */
    record Layers(List<String> patterns) implements Step {
    }

    /** {@code exceptLayers(patterns...)}: the current stage leaves layers matching these globs alone. */
    record ExceptLayers(List<String> patterns) implements Step {
    }

    /** {@code target(...)}: what the current stage's local imitation imitates. */
    record Imitate(Target target) implements Step {
    }

    /** {@code finetuneEachLayer(epochs, options...)}: a short finetune after each layer the current stage prunes. */
    record FinetuneEachLayer(double epochs, List<FinetuneOption> options) implements Step {
        public FinetuneEachLayer {
            if (!(epochs > 0 && Double.isFinite(epochs))) {
                throw new IllegalArgumentException("finetuneEachLayer(epochs) needs a finite epochs > 0, got " + epochs);
            }
        }
    }

    /** {@code calibration(samples)}: how many training samples (held out) the selection sees. */
    record Calibration(int samples) implements Step {
        public Calibration {
            if (samples < 1) {
                throw new IllegalArgumentException("calibration(samples) needs samples >= 1, got " + samples);
            }
        }
    }

    /** {@code finetune(epochs, options...)}: the final finetune of the pruned model. */
    record Finetune(int epochs, List<FinetuneOption> options) implements Step {
        public Finetune {
            if (epochs < 1) {
                throw new IllegalArgumentException("finetune(epochs) needs epochs >= 1, got " + epochs);
            }
        }
    }

    /** {@code verify()}: the run fails when a bound check fails. */
    record Verify() implements Step {
    }

    /** {@code seed(n)}: the seed of every random choice of the run. */
    record Seed(long seed) implements Step {
    }
}
