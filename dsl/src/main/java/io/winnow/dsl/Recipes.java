package io.winnow.dsl;

import io.vavr.collection.List;

/**
 * Where every recipe starts. {@code import static io.winnow.dsl.Recipes.*;} brings the stage
 * words, budgets, targets and finetune options into scope:
 *
 * <pre>{@code
 * Recipe r = localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
 *         .globalImitation().select(64).layers("fc*")
 *         .finetune(3, lr(0.01), distill(4.0));
 * }</pre>
 */
public final class Recipes {

    private static final Recipe EMPTY = Recipe.of(List.empty());

    private Recipes() {
    }

    // ---- selection stages ----

    /** Greedy selection imitating each layer's own output (docs/theory.md section 2). */
    public static Recipe localImitation() {
        return EMPTY.localImitation();
    }

    /** Greedy selection imitating the network's final output. */
    public static Recipe globalImitation() {
        return EMPTY.globalImitation();
    }

    /** Per layer, both imitations; keep the one with the lower global discrepancy (the paper's practice). */
    public static Recipe bestOfLocalAndGlobal() {
        return EMPTY.bestOfLocalAndGlobal();
    }

    /** Baseline: keep the filters of largest L1 norm (Li et al. 2017). */
    public static Recipe magnitude() {
        return EMPTY.magnitude();
    }

    /** Baseline: first-order Taylor importance, backward elimination (Molchanov et al. 2017). */
    public static Recipe taylor() {
        return EMPTY.taylor();
    }

    /** Baseline: a seeded random choice. */
    public static Recipe random() {
        return EMPTY.random();
    }

    // ---- budgets ----

    public static Budget count(int k) {
        return new Budget.Count(k);
    }

    public static Budget ratio(double fraction) {
        return new Budget.Ratio(fraction);
    }

    public static Budget flops(double fraction) {
        return new Budget.Flops(fraction);
    }

    public static Budget tolerance(double epsilon) {
        return new Budget.Tolerance(epsilon);
    }

    public static Budget accuracyDrop(double drop) {
        return new Budget.AccuracyDrop(drop);
    }

    // ---- targets ----

    public static Target sameInput() {
        return Target.SAME_INPUT;
    }

    public static Target originalActivations() {
        return Target.ORIGINAL_ACTIVATIONS;
    }

    // ---- finetune options ----

    public static FinetuneOption lr(double learningRate) {
        return new FinetuneOption.LearningRate(learningRate);
    }

    public static FinetuneOption distill(double temperature) {
        return new FinetuneOption.Distill(temperature);
    }

    public static FinetuneOption batchSize(int size) {
        return new FinetuneOption.BatchSize(size);
    }

    /** Global-norm gradient clipping at {@code maxNorm} ({@link FinetuneOption.Clip}). */
    public static FinetuneOption clip(double maxNorm) {
        return new FinetuneOption.Clip(maxNorm);
    }
}
