package io.winnow.dsl;

import io.winnow.dsl.network.Architecture;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * A pruning recipe: an immutable list of {@link Step}s in the order they were written, read
 * with the defaults of a recipe language version. Every fluent call returns a new recipe; a call
 * that would make the recipe invalid throws {@link InvalidRecipeException} at once. Recipes start
 * from the factories in {@link Recipes}, which write the current version.
 *
 * <pre>{@code
 * import static io.winnow.dsl.Recipes.*;
 * Recipe r = localImitation().optimizeGamma().select(64).finetune(3);
 * }</pre>
 *
 * <p>The version only changes what a step left unsaid means (docs/recipes.md, "Versions"): in
 * version 1 a {@code localImitation()} stage leaves biases as they are unless it says
 * {@code correctBias()}; from version 2 on it corrects them unless it says {@code correctBias(false)},
 * in version 2 by a shift per channel, from version 3 on by a scale and a shift unless it says
 * {@code correctScale(false)}. A file keeps its version's meaning: {@code winnow-recipe 1} and
 * {@code winnow-recipe 2} files run, print and hash as they did.
 *
 * @param version the recipe language version whose defaults apply, 1 to {@link #CURRENT_VERSION}
 */
public record Recipe(int version, List<Step> steps) {

    /** Samples taken for calibration when the recipe does not say. */
    public static final int DEFAULT_CALIBRATION = 1024;

    /** The recipe language version that new recipes are written in, and the newest this Winnow reads. */
    public static final int CURRENT_VERSION = 3;

    public Recipe {
        java.util.Objects.requireNonNull(steps, "steps");
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("recipe version " + version + " does not exist: this Winnow knows versions 1 to "
                    + CURRENT_VERSION);
        }
    }

    /** A recipe of these steps in the current version, as written, without checking them (see {@link #problems()}). */
    public static Recipe of(List<Step> steps) {
        return new Recipe(CURRENT_VERSION, steps);
    }

    /** A recipe of these steps in the given version, as written, without checking them. */
    public static Recipe of(int version, List<Step> steps) {
        return new Recipe(version, steps);
    }

    /** The same version with other steps (unchecked): how a sweep swaps a budget without changing what defaults mean. */
    public Recipe withSteps(List<Step> newSteps) {
        return new Recipe(version, newSteps);
    }

    /** Appends a step, failing at once with every problem it causes. */
    public Recipe then(Step step) {
        Recipe next = new Recipe(version, steps.append(step));
        List<Problem> problems = RecipeRules.orderProblems(next.steps);
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
        return next;
    }

    // ---- selection stages -------------------------------------------------------------

    public Recipe localImitation() {
        return then(new Step.Stage(Method.LOCAL_IMITATION));
    }

    public Recipe globalImitation() {
        return then(new Step.Stage(Method.GLOBAL_IMITATION));
    }

    public Recipe bestOfLocalAndGlobal() {
        return then(new Step.Stage(Method.BEST_OF_LOCAL_AND_GLOBAL));
    }

    public Recipe magnitude() {
        return then(new Step.Stage(Method.MAGNITUDE));
    }

    public Recipe taylor() {
        return then(new Step.Stage(Method.TAYLOR));
    }

    public Recipe random() {
        return then(new Step.Stage(Method.RANDOM));
    }

    // ---- the current stage --------------------------------------------------------------

    public Recipe optimizeGamma() {
        return then(new Step.Rule(StepRule.OPTIMIZE_GAMMA));
    }

    public Recipe fixedGamma() {
        return then(new Step.Rule(StepRule.FIXED_GAMMA));
    }

    public Recipe select(int k) {
        return select(new Budget.Count(k));
    }

    public Recipe select(Budget budget) {
        return then(new Step.Select(budget));
    }

    public Recipe layers(String... patterns) {
        return then(new Step.Layers(List.of(patterns)));
    }

    public Recipe exceptLayers(String... patterns) {
        return then(new Step.ExceptLayers(List.of(patterns)));
    }

    public Recipe target(Target target) {
        return then(new Step.Imitate(target));
    }

    /**
     * Every width the current stage chooses is a multiple of {@code multiple}, or the layer's full
     * width (count and ratio budgets round to the nearest such width; flops plans among them).
     */
    public Recipe align(int multiple) {
        return then(new Step.Align(new Alignment(multiple)));
    }

    /**
     * After each layer the current stage prunes, shift the biases of the layers that read it so that
     * their mean outputs on the calibration split equal the unpruned network's. From version 2 on,
     * local imitation does this unless told {@code correctBias(false)}.
     */
    public Recipe correctBias() {
        return correctBias(true);
    }

    /** {@code correctBias(false)} leaves the readers' biases as they are; {@code correctBias(true)} is {@link #correctBias()}. */
    public Recipe correctBias(boolean on) {
        return then(new Step.CorrectBias(on));
    }

    /**
     * Correct the layers that read each pruned layer by a scale and a shift per output channel, which give each
     * channel the unpruned network's mean and standard deviation on the calibration split, instead of a shift
     * alone; turns the correction on. From version 3 on, local imitation does this unless told
     * {@code correctScale(false)} (the shift alone) or {@code correctBias(false)} (no correction).
     */
    public Recipe correctScale() {
        return correctScale(true);
    }

    /** {@code correctScale(false)} corrects by a shift alone; {@code correctScale(true)} is {@link #correctScale()}. */
    public Recipe correctScale(boolean on) {
        return then(new Step.CorrectScale(on));
    }

    public Recipe finetuneEachLayer(double epochs, FinetuneOption... options) {
        return then(new Step.FinetuneEachLayer(epochs, List.of(options)));
    }

    // ---- the whole recipe ---------------------------------------------------------------

    public Recipe calibration(int samples) {
        return then(new Step.Calibration(samples));
    }

    public Recipe finetune(int epochs, FinetuneOption... options) {
        return then(new Step.Finetune(epochs, List.of(options)));
    }

    public Recipe verify() {
        return then(new Step.Verify());
    }

    public Recipe seed(long seed) {
        return then(new Step.Seed(seed));
    }

    // ---- reading a recipe ---------------------------------------------------------------

    /** Every problem of this recipe, including those only visible once it is complete (a stage without a budget). */
    public List<Problem> problems() {
        return RecipeRules.allProblems(steps);
    }

    /** The selection stages with their settings resolved (defaults filled in). */
    public List<StageSpec> stages() {
        return StageSpec.of(steps, version);
    }

    public int calibrationSamples() {
        return steps.collect(RecipeRules.as(Step.Calibration.class)).headOption()
                .map(Step.Calibration::samples).getOrElse(DEFAULT_CALIBRATION);
    }

    public Option<Step.Finetune> finetuneStep() {
        return steps.collect(RecipeRules.as(Step.Finetune.class)).headOption();
    }

    public boolean verifies() {
        return steps.exists(s -> s instanceof Step.Verify);
    }

    /** The seed of the run, when the recipe fixes one. */
    public Option<Long> seedValue() {
        return steps.collect(RecipeRules.as(Step.Seed.class)).headOption().map(Step.Seed::seed);
    }

    /** Compiles this recipe against an architecture into a {@link Plan}, or every problem found. */
    public Either<List<Problem>, Plan> compile(Architecture architecture) {
        return PlanCompiler.compile(this, architecture);
    }
}
