package io.winnow;

import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.dsl.InvalidRecipeException;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeText;
import io.winnow.common.UserInputException;
import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Report;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.report.PruneReport;
import io.winnow.tf.checks.ModelNetworks;
import io.winnow.tf.data.Dataset;
import io.vavr.control.Option;
import io.winnow.tf.prune.CalibrationStatistics;
import io.winnow.tf.prune.PruneJob;
import io.winnow.tf.prune.ReportBuilder;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.model.LatencyProbe;
import io.winnow.tf.model.Model;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import java.nio.file.Path;

/**
 * Winnow from Java: prune a model with a recipe, get the smaller model and its checked report.
 * <pre>{@code
 * WinnowModel model = WinnowModel.load(Path.of("models/cnn"));
 * Recipe recipe = Recipes.localImitation().optimizeGamma().select(Recipes.ratio(0.5)).finetune(1);
 * PruneResult result = Winnow.prune(recipe, model, FashionMnist.embedded());
 * result.save(Path.of("models/cnn-half"));
 * }</pre>
 * README.md shows the same from training to saving; a test compiles and runs that example.
 * This is what {@code winnow prune} runs: the same plan, data splits, seed, checks and files.
 */
public final class Winnow {

    /** How the report names a recipe given as a Java value rather than a file. */
    public static final String JAVA_RECIPE = "(a Recipe value)";

    private Winnow() {
    }

    /**
     * Trains {@code arch} from seeded random weights for {@code epochs} epochs with the default
     * settings of {@code winnow train} and writes it to {@code out}, a new directory.
     */
    public static WinnowModel train(Architecture arch, Dataset data, int epochs, long seed, Path out) {
        try (OutputTarget target = Outputs.claim(out, ModelStore.KIND, false, java.util.List.of(),
                ModelStore.sizeEstimate(arch));
             Model model = Model.init(arch, seed)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(epochs).withSeed(seed)).fit(data.train());
            try (Staging staging = target.stage()) {
                ModelStore.write(staging, model.architecture(), model.weights());
                staging.commit();
            }
        }
        return WinnowModel.load(out);
    }

    /** Prunes with the recipe's seed (0 when it names none). */
    public static PruneResult prune(Recipe recipe, WinnowModel model, Dataset data) {
        return prune(recipe, model, data, recipe.seedValue().getOrElse(0L));
    }

    /**
     * Prunes with {@code seed}.
     *
     * @throws InvalidRecipeException listing every problem when the recipe does not fit the model
     */
    public static PruneResult prune(Recipe recipe, WinnowModel model, Dataset data, long seed) {
        Plan plan = recipe.compile(model.architecture()).getOrElseThrow(InvalidRecipeException::new);
        return prune(plan, model, data, seed, JAVA_RECIPE);
    }

    /**
     * Runs a compiled plan: the selection and finetunes, then every layer's bound certificate and
     * Theorem 4 on the calibration samples, and the latency of the original and the pruned model
     * ({@link LatencyProbe}), into one report.
     *
     * @param recipeSource where the recipe came from, as the report records it (a file's path)
     * @throws UserInputException when the data does not fit the model or the recipe
     */
    public static PruneResult prune(Plan plan, WinnowModel model, Dataset data, long seed, String recipeSource) {
        return prune(plan, model, data, seed, recipeSource, Option.none());
    }

    /**
     * As above, with every group's calibration statistics computed by {@code cluster} when one is given
     * ({@code winnow prune --master URL}, docs/scale.md); everything else runs in this JVM.
     */
    public static PruneResult prune(Plan plan, WinnowModel model, Dataset data, long seed, String recipeSource,
                                    Option<CalibrationStatistics> cluster) {
        if (!data.train().sampleShape().equals(model.architecture().input())) {
            throw new UserInputException("the data's samples are " + data.train().sampleShape() + " but model "
                    + model.directory() + " takes " + model.architecture().input());
        }
        if (data.train().classes() != model.architecture().classes()) {
            throw new UserInputException("the data has " + data.train().classes() + " classes but model "
                    + model.directory() + " predicts " + model.architecture().classes());
        }
        PruneReport.ModelSource source = model.source();
        Recipe recipe = plan.recipe();
        PruneJob.Outcome run = PruneJob.run(plan, model.weights(), data, seed, cluster);
        PruneReport report = ReportBuilder.of(run, model.weights(), new PruneReport.RecipeSource(recipeSource,
                RecipeText.hash(recipe), RecipeText.print(recipe)), source);
        RunCertificates.Attached certified = RunCertificates.attach(report);
        long deepStart = System.nanoTime();
        Theorem4Result deep = Theorem4Check.run(ModelNetworks.INSTANCE, model.architecture(), model.weights(),
                run.pruned().mixing(), run.data().calibration().get());
        double deepSeconds = (System.nanoTime() - deepStart) / 1e9;
        PruneReport checked = Theorem4Report.attach(certified.report(), deep, "the selected network before finetuning: "
                + "the original with every layer's mixing weights applied")
                .withLatency(LatencyProbe.compare(model.architecture(), model.weights(), run.pruned().architecture(),
                        run.pruned().weights()));
        return new PruneResult(model, run, checked, certified.outcome(), deep, deepSeconds);
    }
}
