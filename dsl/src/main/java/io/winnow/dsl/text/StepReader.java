package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Alignment;
import io.winnow.dsl.Budget;
import io.winnow.dsl.FinetuneOption;
import io.winnow.dsl.Literals;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Step;
import io.winnow.dsl.Target;
import java.util.function.Supplier;

/**
 * Turns parsed calls into {@link Step} values directly, checking each word's arguments.
 * The record constructors judge the ranges; their message is reported at the argument.
 * A call whose arguments are wrong still yields a stand-in step of its kind, so the
 * recipe-level checks that follow see the recipe's real shape and report no knock-on errors.
 */
final class StepReader {

    private static final String SELECT = "select takes one budget: an int k, count(k), ratio(x), flops(x), tolerance(x) "
            + "or accuracyDrop(x)";
    private static final String OPTIONS = "lr(x), distill(t), batchSize(n), clip(x)";

    private final Diagnostics diagnostics;

    /**
     * The steps read, with the position of each; {@code complete} is false when a call could not be
     * read as any step (an unknown or misplaced word), so the list lacks something the text has.
     */
    record Read(List<Step> steps, List<SourcePosition> positions, boolean complete) {
    }

    private StepReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    static Read read(List<Syntax.Call> calls, Diagnostics diagnostics) {
        StepReader reader = new StepReader(diagnostics);
        List<Step> steps = List.empty();
        List<SourcePosition> positions = List.empty();
        boolean complete = true;
        for (Syntax.Call call : calls) {
            Option<Step> step = reader.step(call);
            if (step.isDefined()) {
                steps = steps.append(step.get());
                positions = positions.append(call.position());
            } else {
                complete = false;
            }
        }
        return new Read(steps, positions, complete);
    }

    private Option<Step> step(Syntax.Call c) {
        Option<Step> wordOnly = stageOrRule(c.word());
        if (wordOnly.isDefined()) {
            noArguments(c);
            return wordOnly;
        }
        Option<Step.Kind> kind = Words.step(c.word());
        if (kind.isEmpty()) {
            misplaced(c);
            return DidYouMean.nearest(c.word(), Words.STEPS).flatMap(StepReader::standIn);
        }
        return Option.some(c.complete() ? read(c, kind.get()) : standIn(kind.get()));
    }

    /** A step written by its word alone: a selection stage or a step rule. */
    private static Option<Step> stageOrRule(String word) {
        return Words.method(word).<Step>map(Step.Stage::new).orElse(() -> Words.rule(word).map(Step.Rule::new));
    }

    private Step read(Syntax.Call c, Step.Kind kind) {
        return switch (kind) {
            case SELECT -> select(c);
            case LAYERS -> new Step.Layers(patterns(c));
            case EXCEPT_LAYERS -> new Step.ExceptLayers(patterns(c));
            case TARGET -> target(c);
            case ALIGN -> align(c);
            case CORRECT_BIAS -> correctBias(c);
            case CORRECT_SCALE -> correctScale(c);
            case FINETUNE_EACH_LAYER -> finetuneEachLayer(c);
            case CALIBRATION -> calibration(c);
            case FINETUNE -> finetune(c);
            case VERIFY -> verify(c);
            case SEED -> seed(c);
        };
    }

    /** What stands in for a step word whose call is wrong (already reported); none for a word that is no step. */
    private static Option<Step> standIn(String word) {
        return stageOrRule(word).orElse(() -> Words.step(word).map(StepReader::standIn));
    }

    private static Step standIn(Step.Kind kind) {
        return switch (kind) {
            case SELECT -> new Step.Select(new Budget.Count(1));
            case LAYERS -> new Step.Layers(List.of("*"));
            case EXCEPT_LAYERS -> new Step.ExceptLayers(List.of("*"));
            case TARGET -> new Step.Imitate(Target.SAME_INPUT);
            case ALIGN -> new Step.Align(Alignment.NONE);
            case CORRECT_BIAS -> new Step.CorrectBias();
            case CORRECT_SCALE -> new Step.CorrectScale();
            case FINETUNE_EACH_LAYER -> new Step.FinetuneEachLayer(1, List.empty());
            case CALIBRATION -> new Step.Calibration(Recipe.DEFAULT_CALIBRATION);
            case FINETUNE -> new Step.Finetune(1, List.empty());
            case VERIFY -> new Step.Verify();
            case SEED -> new Step.Seed(0);
        };
    }

    private void misplaced(Syntax.Call c) {
        String w = c.word();
        String message;
        if (Words.BUDGETS.contains(w)) {
            message = w + "(...) is a budget, not a step: write select(" + w + "(...))";
        } else if (Words.OPTIONS.contains(w)) {
            message = w + "(...) is a finetune option, not a step: write finetune(3, " + w + "(...))";
        } else if (Words.TARGETS.contains(w)) {
            message = w + "() is a target, not a step: write target(" + w + "())";
        } else if (Words.METADATA.contains(w)) {
            message = w + " is metadata: write " + w + " \"...\" on its own line before the recipe chain";
        } else {
            message = "unknown word " + w + DidYouMean.nearest(w, Words.STEPS).map(s -> ": did you mean " + s + "?")
                    .getOrElse(": a step is one of " + Words.STEPS.mkString(", "));
        }
        diagnostics.error(c.position(), message);
    }

    // ---- one step each ----------------------------------------------------------------------

    private Step select(Syntax.Call c) {
        Step standIn = standIn(Step.Kind.SELECT);
        if (!arity(c, 1, SELECT)) {
            return standIn;
        }
        Syntax arg = c.args().head();
        if (arg instanceof Syntax.Number n && n.isIntegral() && n.kind() == Token.Kind.INT) {
            return make(arg, () -> new Step.Select(new Budget.Count((int) n.integer())), standIn);
        }
        if (arg instanceof Syntax.Number n && !n.isIntegral()) {
            diagnostics.error(arg.position(), SELECT + "; for a fraction of each layer write select(ratio(" + n.text() + "))");
            return standIn;
        }
        Option<Budget.Kind> budget = arg instanceof Syntax.Call b ? Words.budget(b.word()) : Option.none();
        if (budget.isDefined()) {
            return budget((Syntax.Call) arg, budget.get()).<Step>map(Step.Select::new).getOrElse(standIn);
        }
        wrong(arg, SELECT, Words.BUDGETS);
        return standIn;
    }

    private Option<Budget> budget(Syntax.Call b, Budget.Kind kind) {
        return switch (kind) {
            case COUNT -> oneInt(b, "count takes one int, e.g. count(64)")
                    .flatMap(k -> makeOption(b.args().head(), () -> new Budget.Count(k)));
            case RATIO -> oneDouble(b, "ratio takes one number in (0, 1], the fraction of each layer kept, e.g. ratio(0.5)")
                    .flatMap(x -> makeOption(b.args().head(), () -> new Budget.Ratio(x)));
            case FLOPS -> oneDouble(b, "flops takes one number in (0, 1], the fraction of the model's FLOPs kept, e.g. flops(0.5)")
                    .flatMap(x -> makeOption(b.args().head(), () -> new Budget.Flops(x)));
            case TOLERANCE -> oneDouble(b, "tolerance takes one number in (0, 1], e.g. tolerance(0.05)")
                    .flatMap(x -> makeOption(b.args().head(), () -> new Budget.Tolerance(x)));
            case ACCURACY_DROP -> oneDouble(b, "accuracyDrop takes one number in [0, 1), e.g. accuracyDrop(0.01)")
                    .flatMap(x -> makeOption(b.args().head(), () -> new Budget.AccuracyDrop(x)));
        };
    }

    private List<String> patterns(Syntax.Call c) {
        String usage = c.word() + " takes layer names or patterns as strings, e.g. " + c.word() + "(\"conv*\", \"fc1\")";
        List<String> patterns = List.empty();
        for (Syntax arg : c.args()) {
            if (arg instanceof Syntax.Text t) {
                patterns = patterns.append(t.value());
            } else {
                wrong(arg, usage, List.empty());
            }
        }
        return patterns.size() == c.args().size() ? patterns : List.of("*");
    }

    private Step target(Syntax.Call c) {
        String usage = "target takes sameInput() or originalActivations()";
        Step standIn = standIn(Step.Kind.TARGET);
        if (!arity(c, 1, usage)) {
            return standIn;
        }
        Syntax arg = c.args().head();
        Option<Target> target = arg instanceof Syntax.Call t ? Words.target(t.word()) : Option.none();
        if (target.isDefined()) {
            noArguments((Syntax.Call) arg);
            return new Step.Imitate(target.get());
        }
        wrong(arg, usage, Words.TARGETS);
        return standIn;
    }

    private Step finetune(Syntax.Call c) {
        String usage = "finetune takes an int number of epochs, then any of " + OPTIONS + ", e.g. finetune(3, lr(0.01))";
        Step standIn = standIn(Step.Kind.FINETUNE);
        if (c.args().isEmpty()) {
            diagnostics.error(c.close(), "missing argument: " + usage);
            return standIn;
        }
        Syntax first = c.args().head();
        List<FinetuneOption> options = options(c.args().tail(), usage);
        return intValue(first, usage)
                .map(epochs -> make(first, () -> (Step) new Step.Finetune(epochs, options), standIn))
                .getOrElse(standIn);
    }

    private Step finetuneEachLayer(Syntax.Call c) {
        String usage = "finetuneEachLayer takes a number of epochs, then any of " + OPTIONS
                + ", e.g. finetuneEachLayer(0.5, lr(0.001))";
        Step standIn = standIn(Step.Kind.FINETUNE_EACH_LAYER);
        if (c.args().isEmpty()) {
            diagnostics.error(c.close(), "missing argument: " + usage);
            return standIn;
        }
        Syntax first = c.args().head();
        List<FinetuneOption> options = options(c.args().tail(), usage);
        return doubleValue(first, usage)
                .map(epochs -> make(first, () -> (Step) new Step.FinetuneEachLayer(epochs, options), standIn))
                .getOrElse(standIn);
    }

    private List<FinetuneOption> options(List<Syntax> args, String usage) {
        List<FinetuneOption> options = List.empty();
        for (Syntax arg : args) {
            Option<FinetuneOption.Kind> option = arg instanceof Syntax.Call o ? Words.option(o.word()) : Option.none();
            if (option.isDefined()) {
                options = options.appendAll(option((Syntax.Call) arg, option.get()));
            } else {
                wrong(arg, usage, Words.OPTIONS);
            }
        }
        return options;
    }

    private Option<FinetuneOption> option(Syntax.Call o, FinetuneOption.Kind kind) {
        return switch (kind) {
            case LR -> oneDouble(o, "lr takes one number, the learning rate, e.g. lr(0.01)")
                    .flatMap(x -> makeOption(o.args().head(), () -> new FinetuneOption.LearningRate(x)));
            case DISTILL -> oneDouble(o, "distill takes one number, the temperature, e.g. distill(4.0)")
                    .flatMap(x -> makeOption(o.args().head(), () -> new FinetuneOption.Distill(x)));
            case BATCH_SIZE -> oneInt(o, "batchSize takes one int, e.g. batchSize(128)")
                    .flatMap(n -> makeOption(o.args().head(), () -> new FinetuneOption.BatchSize(n)));
            case CLIP -> oneDouble(o, "clip takes one number, the largest gradient norm, e.g. clip(1.0)")
                    .flatMap(x -> makeOption(o.args().head(), () -> new FinetuneOption.Clip(x)));
        };
    }

    private Step calibration(Syntax.Call c) {
        Step standIn = standIn(Step.Kind.CALIBRATION);
        return oneInt(c, "calibration takes one int, the number of samples, e.g. calibration(1024)")
                .map(n -> make(c.args().head(), () -> (Step) new Step.Calibration(n), standIn))
                .getOrElse(standIn);
    }

    private Step align(Syntax.Call c) {
        Step standIn = standIn(Step.Kind.ALIGN);
        return oneInt(c, "align takes one int, the multiple every kept width is rounded to, e.g. align(8)")
                .map(m -> make(c.args().head(), () -> (Step) new Step.Align(new Alignment(m)), standIn))
                .getOrElse(standIn);
    }

    private Step correctBias(Syntax.Call c) {
        return switchStep(c, Step.Kind.CORRECT_BIAS, "to leave biases as they are", Step.CorrectBias::new);
    }

    private Step correctScale(Syntax.Call c) {
        return switchStep(c, Step.Kind.CORRECT_SCALE, "to correct the biases alone", Step.CorrectScale::new);
    }

    /** A step that takes nothing (on) or one boolean: {@code word()} or {@code word(false)}. */
    private Step switchStep(Syntax.Call c, Step.Kind kind, String whatFalseDoes,
                            java.util.function.Function<Boolean, Step> make) {
        String usage = kind.word() + " takes nothing, or false " + whatFalseDoes + ": write " + kind.word() + "() or "
                + kind.word() + "(false)";
        if (c.args().isEmpty()) {
            return make.apply(true);
        }
        if (!arity(c, 1, usage)) {
            return standIn(kind);
        }
        if (c.args().head() instanceof Syntax.Bool b) {
            return make.apply(b.value());
        }
        wrong(c.args().head(), usage, List.empty());
        return standIn(kind);
    }

    private Step verify(Syntax.Call c) {
        noArguments(c);
        return new Step.Verify();
    }

    private Step seed(Syntax.Call c) {
        String usage = "seed takes one integer, e.g. seed(42)";
        if (!arity(c, 1, usage)) {
            return standIn(Step.Kind.SEED);
        }
        Syntax arg = c.args().head();
        if (arg instanceof Syntax.Number n && n.isIntegral()) {
            return new Step.Seed(n.integer());
        }
        wrong(arg, usage, List.empty());
        return standIn(Step.Kind.SEED);
    }

    // ---- arguments --------------------------------------------------------------------------

    private void noArguments(Syntax.Call c) {
        if (!c.args().isEmpty()) {
            diagnostics.error(c.args().head().position(), c.word() + " takes no arguments: write " + c.word() + "()");
        }
    }

    private boolean arity(Syntax.Call c, int n, String usage) {
        if (c.args().size() < n) {
            diagnostics.error(c.close(), "missing argument: " + usage);
            return false;
        }
        if (c.args().size() > n) {
            diagnostics.error(c.args().get(n).position(), "too many arguments: " + usage);
            return false;
        }
        return true;
    }

    private Option<Integer> oneInt(Syntax.Call c, String usage) {
        return arity(c, 1, usage) ? intValue(c.args().head(), usage) : Option.none();
    }

    private Option<Double> oneDouble(Syntax.Call c, String usage) {
        return arity(c, 1, usage) ? doubleValue(c.args().head(), usage) : Option.none();
    }

    private Option<Integer> intValue(Syntax arg, String usage) {
        if (arg instanceof Syntax.Number n && n.kind() == Token.Kind.INT) {
            return Option.some((int) n.integer());
        }
        if (arg instanceof Syntax.Number n && n.kind() == Token.Kind.LONG) {
            diagnostics.error(arg.position(), usage + "; " + n.text() + "L is a long: write it without L");
            return Option.none();
        }
        wrong(arg, usage, List.empty());
        return Option.none();
    }

    private Option<Double> doubleValue(Syntax arg, String usage) {
        if (arg instanceof Syntax.Number n) {
            return Option.some(n.asDouble());
        }
        wrong(arg, usage, List.empty());
        return Option.none();
    }

    /** Reports an argument of the wrong kind, suggesting a word of {@code expected} for a misspelled call. */
    private void wrong(Syntax arg, String usage, List<String> expected) {
        if (arg instanceof Syntax.Call call && !expected.contains(call.word())) {
            Option<String> near = DidYouMean.nearest(call.word(), expected);
            if (near.isDefined()) {
                diagnostics.error(arg.position(), "unknown word " + call.word() + ": did you mean " + near.get() + "?");
                return;
            }
        }
        diagnostics.error(arg.position(), usage + ", found " + describe(arg));
    }

    private static String describe(Syntax arg) {
        if (arg instanceof Syntax.Number n) {
            return "the number " + n.text() + (n.kind() == Token.Kind.LONG ? "L" : "");
        } else if (arg instanceof Syntax.Text t) {
            return "the string \"" + Literals.escape(t.value()) + "\"";
        } else if (arg instanceof Syntax.Bool b) {
            return "the word " + b.value();
        }
        return ((Syntax.Call) arg).word() + "(...)";
    }

    /** Builds a value, reporting its constructor's range check at the argument. */
    private <T> T make(Syntax at, Supplier<T> build, T standIn) {
        return makeOption(at, build).getOrElse(standIn);
    }

    private <T> Option<T> makeOption(Syntax at, Supplier<T> build) {
        try {
            return Option.some(build.get());
        } catch (IllegalArgumentException e) {
            diagnostics.error(at.position(), e.getMessage());
            return Option.none();
        }
    }
}
