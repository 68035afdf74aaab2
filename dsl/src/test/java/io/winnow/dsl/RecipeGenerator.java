package io.winnow.dsl;

import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Valid recipes of every shape: 1 to 3 stages with random settings, recipe-level steps anywhere they may stand. */
public final class RecipeGenerator {

    private static final String GLOB_CHARS = "abcxyz019_.-/*?";

    private RecipeGenerator() {
    }

    public static Arbitrary<Recipe> recipes() {
        return Arbitraries.randomValue(RecipeGenerator::recipe).filter(r -> r.problems().isEmpty());
    }

    static Recipe recipe(Random random) {
        ArrayList<Step> steps = new ArrayList<>();
        int stages = 1 + random.nextInt(3);
        for (int s = 0; s < stages; s++) {
            steps.addAll(stage(random));
        }
        if (random.nextBoolean()) {
            steps.add(random.nextInt(steps.size()) + 1, new Step.Calibration(positiveInt(random)));
        }
        if (random.nextBoolean()) {
            steps.add(random.nextInt(steps.size()) + 1, new Step.Verify());
        }
        if (random.nextBoolean()) {
            steps.add(random.nextInt(steps.size()) + 1, new Step.Seed(anyLong(random)));
        }
        if (random.nextBoolean()) {
            int lastStage = 0;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof Step.Stage) {
                    lastStage = i;
                }
            }
            int at = lastStage + 1 + random.nextInt(steps.size() - lastStage);
            steps.add(at, new Step.Finetune(1 + random.nextInt(random.nextBoolean() ? 10 : Integer.MAX_VALUE),
                    options(random)));
        }
        return Recipe.of(1 + random.nextInt(Recipe.CURRENT_VERSION), List.ofAll(steps));
    }

    private static java.util.List<Step> stage(Random random) {
        Method method = Method.values()[random.nextInt(Method.values().length)];
        ArrayList<Step> own = new ArrayList<>();
        own.add(new Step.Select(budget(random)));
        if (method.isGreedy() && random.nextBoolean()) {
            own.add(new Step.Rule(StepRule.values()[random.nextInt(StepRule.values().length)]));
        }
        if (random.nextBoolean()) {
            own.add(new Step.Layers(globs(random)));
        }
        if (random.nextInt(4) == 0) {
            own.add(new Step.ExceptLayers(globs(random)));
        }
        if ((method == Method.LOCAL_IMITATION || method == Method.BEST_OF_LOCAL_AND_GLOBAL) && random.nextBoolean()) {
            own.add(new Step.Imitate(Target.values()[random.nextInt(Target.values().length)]));
        }
        if (random.nextInt(4) == 0) {
            own.add(new Step.Align(new Alignment(1 + random.nextInt(Alignment.MAX))));
        }
        if (random.nextInt(4) == 0) {
            own.add(new Step.CorrectBias(random.nextBoolean()));
        }
        if (random.nextInt(4) == 0) {
            own.add(new Step.CorrectScale(random.nextBoolean()));
        }
        if (random.nextInt(4) == 0) {
            own.add(new Step.FinetuneEachLayer(positiveDouble(random), options(random)));
        }
        java.util.Collections.shuffle(own, random);
        own.add(0, new Step.Stage(method));
        return own;
    }

    private static Budget budget(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new Budget.Count(positiveInt(random));
            case 1 -> new Budget.Ratio(unitInterval(random));
            case 2 -> new Budget.Flops(unitInterval(random));
            case 3 -> new Budget.Tolerance(unitInterval(random));
            default -> new Budget.AccuracyDrop(unitInterval(random) % 1.0);
        };
    }

    private static List<FinetuneOption> options(Random random) {
        ArrayList<FinetuneOption> options = new ArrayList<>();
        if (random.nextBoolean()) {
            options.add(new FinetuneOption.LearningRate(Math.min(FinetuneOption.MAX_LR, positiveDouble(random))));
        }
        if (random.nextBoolean()) {
            options.add(new FinetuneOption.Distill(Math.max(FinetuneOption.MIN_TEMPERATURE,
                    Math.min(FinetuneOption.MAX_TEMPERATURE, positiveDouble(random)))));
        }
        if (random.nextBoolean()) {
            options.add(new FinetuneOption.BatchSize(1 + random.nextInt(FinetuneOption.MAX_BATCH_SIZE)));
        }
        java.util.Collections.shuffle(options, random);
        return List.ofAll(options);
    }

    private static List<String> globs(Random random) {
        int n = 1 + random.nextInt(3);
        List<String> globs = List.empty();
        for (int i = 0; i < n; i++) {
            StringBuilder g = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int k = 0; k < length; k++) {
                g.append(GLOB_CHARS.charAt(random.nextInt(GLOB_CHARS.length())));
            }
            globs = globs.append(g.toString());
        }
        return globs;
    }

    private static int positiveInt(Random random) {
        return random.nextBoolean() ? 1 + random.nextInt(1024) : 1 + random.nextInt(Integer.MAX_VALUE);
    }

    private static long anyLong(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextLong();
            default -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
        };
    }

    /** A double in (0, 1]: short decimals as people write them, or any bit pattern (subnormals included). */
    private static double unitInterval(Random random) {
        if (random.nextBoolean()) {
            return (1 + random.nextInt(100)) / 100.0;
        }
        long bits = 1 + (long) (random.nextDouble() * Double.doubleToLongBits(1.0));
        return Double.longBitsToDouble(Math.min(bits, Double.doubleToLongBits(1.0)));
    }

    /** A finite double > 0, from 1e-3-like decimals to any bit pattern. */
    private static double positiveDouble(Random random) {
        if (random.nextBoolean()) {
            return (1 + random.nextInt(1000)) / 1000.0;
        }
        long bits = 1 + (long) (random.nextDouble() * (Double.doubleToLongBits(Double.MAX_VALUE) - 1));
        return Double.longBitsToDouble(bits);
    }
}
