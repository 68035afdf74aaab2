package io.winnow.dsl;

import io.vavr.collection.List;

/**
 * One call in a recipe chain. A {@link Recipe} is the list of its steps in the order written,
 * so the text form and the Java form of a recipe are the same sequence. Each step knows its
 * word and its text; the parser reads words by {@link Kind}, {@link Method} and {@link StepRule}.
 */
public sealed interface Step {

    /**
     * The words of the steps that are always written the same, in the order diagnostics list them.
     * A stage is written with its {@link Method}'s word and a step rule with its {@link StepRule}'s.
     */
    enum Kind implements Word {
        SELECT,
        LAYERS,
        EXCEPT_LAYERS,
        TARGET,
        ALIGN,
        CORRECT_BIAS,
        CORRECT_SCALE,
        FINETUNE_EACH_LAYER,
        CALIBRATION,
        FINETUNE,
        VERIFY,
        SEED
    }

    /** The word that writes this step, e.g. {@code select} or {@code localImitation}. */
    String word();

    /** This step as written in a recipe, e.g. {@code select(ratio(0.5))}: the same call in Java and in text. */
    String text();

    /** A step that belongs to the selection stage before it (rule, budget, scope, target, per-layer finetune). */
    sealed interface OfStage extends Step {
    }

    /** Starts a selection stage; the stage-level steps after it (rule, budget, scope, ...) belong to it. */
    record Stage(Method method) implements Step {
        @Override
        public String word() {
            return method.word();
        }

        @Override
        public String text() {
            return call(word(), List.empty());
        }
    }

    /** {@code optimizeGamma()} or {@code fixedGamma()}: the step rule of the current greedy stage. */
    record Rule(StepRule rule) implements OfStage {
        @Override
        public String word() {
            return rule.word();
        }

        @Override
        public String text() {
            return call(word(), List.empty());
        }
    }

    /** {@code select(budget)}: how many neurons the current stage keeps. */
    record Select(Budget budget) implements OfStage {
        @Override
        public String word() {
            return Kind.SELECT.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(budget.text()));
        }
    }

    /** {@code layers(patterns...)}: the current stage prunes only layers matching one of these globs. */
    record Layers(List<String> patterns) implements OfStage {
        @Override
        public String word() {
            return Kind.LAYERS.word();
        }

        @Override
        public String text() {
            return call(word(), patterns.map(Literals::string));
        }
    }

    /** {@code exceptLayers(patterns...)}: the current stage leaves layers matching these globs alone. */
    record ExceptLayers(List<String> patterns) implements OfStage {
        @Override
        public String word() {
            return Kind.EXCEPT_LAYERS.word();
        }

        @Override
        public String text() {
            return call(word(), patterns.map(Literals::string));
        }
    }

    /** {@code target(...)}: what the current stage's local imitation imitates. */
    record Imitate(Target target) implements OfStage {
        @Override
        public String word() {
            return Kind.TARGET.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(call(target.word(), List.empty())));
        }
    }

    /** {@code align(m)}: every width the current stage chooses is a multiple of m, or the layer's full width. */
    record Align(Alignment alignment) implements OfStage {
        @Override
        public String word() {
            return Kind.ALIGN.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(Integer.toString(alignment.multiple())));
        }
    }

    /**
     * {@code correctBias()}: after each layer the current stage prunes, the biases of the layers that read it
     * are shifted so that their mean outputs on the calibration split equal the unpruned network's.
     * {@code correctBias(false)} says not to, where the recipe's version would (local imitation from version 2),
     * and turns off the scale of {@link CorrectScale} with it.
     */
    record CorrectBias(boolean on) implements OfStage {

        /** {@code correctBias()}. */
        public CorrectBias() {
            this(true);
        }

        @Override
        public String word() {
            return Kind.CORRECT_BIAS.word();
        }

        @Override
        public String text() {
            return call(word(), on ? List.empty() : List.of("false"));
        }
    }

    /**
     * {@code correctScale()}: the correction after each pruned layer gives each reading layer's output channel
     * the unpruned network's mean and standard deviation on the calibration split, by a scale and a shift,
     * instead of the mean alone; it turns the correction on. {@code correctScale(false)} keeps the shift alone,
     * where the recipe's version would scale (local imitation from version 3).
     */
    record CorrectScale(boolean on) implements OfStage {

        /** {@code correctScale()}. */
        public CorrectScale() {
            this(true);
        }

        @Override
        public String word() {
            return Kind.CORRECT_SCALE.word();
        }

        @Override
        public String text() {
            return call(word(), on ? List.empty() : List.of("false"));
        }
    }

    /** {@code finetuneEachLayer(epochs, options...)}: a short finetune after each layer the current stage prunes. */
    record FinetuneEachLayer(double epochs, List<FinetuneOption> options) implements OfStage {
        public FinetuneEachLayer {
            if (!(epochs > 0 && Double.isFinite(epochs))) {
                throw new IllegalArgumentException("finetuneEachLayer(epochs) needs a finite epochs > 0, got " + epochs);
            }
        }

        @Override
        public String word() {
            return Kind.FINETUNE_EACH_LAYER.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(Literals.number(epochs)).appendAll(options.map(FinetuneOption::text)));
        }
    }

    /** {@code calibration(samples)}: how many training samples (held out) the selection sees. */
    record Calibration(int samples) implements Step {
        public Calibration {
            if (samples < 1) {
                throw new IllegalArgumentException("calibration(samples) needs samples >= 1, got " + samples);
            }
        }

        @Override
        public String word() {
            return Kind.CALIBRATION.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(Integer.toString(samples)));
        }
    }

    /** {@code finetune(epochs, options...)}: the final finetune of the pruned model. */
    record Finetune(int epochs, List<FinetuneOption> options) implements Step {
        public Finetune {
            if (epochs < 1) {
                throw new IllegalArgumentException("finetune(epochs) needs epochs >= 1, got " + epochs);
            }
        }

        @Override
        public String word() {
            return Kind.FINETUNE.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(Integer.toString(epochs)).appendAll(options.map(FinetuneOption::text)));
        }
    }

    /** {@code verify()}: the run fails when a bound check fails. */
    record Verify() implements Step {
        @Override
        public String word() {
            return Kind.VERIFY.word();
        }

        @Override
        public String text() {
            return call(word(), List.empty());
        }
    }

    /** {@code seed(n)}: the seed of every random choice of the run. */
    record Seed(long seed) implements Step {
        @Override
        public String word() {
            return Kind.SEED.word();
        }

        @Override
        public String text() {
            return call(word(), List.of(Literals.integer(seed)));
        }
    }

    private static String call(String word, List<String> arguments) {
        return word + "(" + arguments.mkString(", ") + ")";
    }
}
