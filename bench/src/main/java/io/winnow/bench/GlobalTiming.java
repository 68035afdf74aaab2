package io.winnow.bench;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Recipes;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.prune.LayerResult;
import io.winnow.tf.prune.Pruner;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times global imitation and bestOfLocalAndGlobal on one layer pattern of a built-in architecture
 * (docs/theory.md section 5.5). Run with {@code bench/global-timing.sh ARCH LAYERS METHOD CALIBRATION
 * RATIO EPOCHS}: METHOD is global or best; the model is seeded (seed 1) and trained EPOCHS epochs
 * on the first 2200 embedded training images, the slice the recipe-file tests use.
 */
public final class GlobalTiming {

    private GlobalTiming() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: GlobalTiming ARCH LAYERS global|best CALIBRATION RATIO EPOCHS");
            System.exit(2);
        }
        Architecture arch = Architectures.byName(args[0]).getOrElseThrow(() -> new IllegalArgumentException(args[0]));
        Recipe method = switch (args[2]) {
            case "global" -> Recipes.globalImitation();
            case "best" -> Recipes.bestOfLocalAndGlobal();
            case "local" -> Recipes.localImitation();
            default -> throw new IllegalArgumentException("method " + args[2]);
        };
        int calibration = Integer.parseInt(args[3]);
        double ratio = Double.parseDouble(args[4]);
        int epochs = Integer.parseInt(args[5]);
        long seed = 1;
        Dataset embedded = FashionMnist.embedded();
        Dataset data = new Dataset(embedded.source(), embedded.train().slice(0, 2200), embedded.test().slice(0, 300));
        ModelWeights weights = ModelWeights.init(arch, seed);
        if (epochs > 0) {
            try (Model model = Model.build(arch, weights)) {
                Trainer.attach(model, TrainConfig.defaults().withEpochs(epochs).withBatchSize(64).withSeed(seed))
                        .fit(data.train());
                weights = model.weights();
            }
        }
        Recipe recipe = method.select(Recipes.ratio(ratio)).layers(args[1].split(",")).calibration(calibration).seed(seed);
        Plan plan = recipe.compile(arch).getOrElseThrow(problems -> new IllegalArgumentException(problems.toString()));
        Split split = data.withCalibration(calibration, seed).calibration().get();
        long start = System.nanoTime();
        Pruner.Result result = Pruner.run(plan, weights, split, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (LayerResult r : result.layers()) {
            System.out.printf(Locale.ROOT, "%s %s: kept %d of %d, %s, select %d ms, kept %s%s%n",
                    r.layers().mkString("+"), r.stage(), r.widthAfter(), r.widthBefore(), r.imitation(), r.selectMillis(),
                    Arrays.toString(r.mixing().kept()),
                    r.selection().map(s -> String.format(Locale.ROOT, ", loss %.5g -> %.5g in %d steps",
                            s.initialLoss(), s.loss(), s.steps().size())).getOrElse("")
                            + r.bestOf().map(c -> String.format(Locale.ROOT, ", L_glob local %.5g global %.5g",
                            c.localLoss(), c.globalLoss())).getOrElse(""));
        }
        System.out.printf(Locale.ROOT, "%s %s %s calibration %d ratio %s epochs %d: %.1f s%n", args[0], args[1], args[2],
                calibration, args[4], epochs, seconds);
    }
}
