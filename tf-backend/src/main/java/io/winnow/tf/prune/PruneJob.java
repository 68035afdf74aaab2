package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Step;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Rebalance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole recipe run: calibration split, selection stage by stage (with per-layer finetunes),
 * the final finetune, and the accuracy of the model before, after selection and after finetuning.
 * The same plan, weights, data and seed give the same selection, bit for bit, on CPU.
 */
public final class PruneJob {

    private static final Logger LOG = LoggerFactory.getLogger(PruneJob.class);

    private PruneJob() {
    }

    /** Seconds spent in each phase. */
    public record Timings(double statistics, double selection, double finetune, double evaluation, double total) {
    }

    /** Everything a run produced: the pruned model, the per-layer records and the accuracies. */
    /** @param streamed the calibration data the statistics streamed, when not the calibration split */
    public record Outcome(Plan plan, Dataset data, long seed, Pruner.Result pruned, Evaluation original,
                          Evaluation afterSelection, Option<Evaluation> afterFinetune, Timings timings,
                          Option<StreamedSamples> streamed) {
    }

    public static Outcome run(Plan plan, ModelWeights original, Dataset data, long seed) {
        return run(plan, original, data, seed, Option.none());
    }

    /**
     * As above, with the calibration statistics computed by {@code cluster} when one is given
     * ({@code winnow prune --master URL}); the rest of the run is this JVM's.
     */
    public static Outcome run(Plan plan, ModelWeights original, Dataset data, long seed,
                              Option<CalibrationStatistics> cluster) {
        long start = System.nanoTime();
        Recipe recipe = plan.recipe();
        int samples = recipe.calibrationSamples();
        Dataset split;
        if (data.calibration().isDefined()) { // drawn from streamed calibration data (--calibration-data)
            if (data.calibration().get().size() != samples) {
                throw new IllegalArgumentException("the calibration split holds " + data.calibration().get().size()
                        + " samples, but the recipe says calibration(" + samples + ")");
            }
            split = data;
        } else {
            if (samples >= data.train().size()) {
                throw new UserInputException("calibration(" + samples + ") needs fewer samples than the "
                        + data.train().size() + " training samples of " + data.source());
            }
            split = data.withCalibration(samples, seed);
        }
        Split calibration = split.calibration().get();
        LOG.info("data: {}", split.describe());

        long evalStart = System.nanoTime();
        Evaluation before;
        Option<FloatArray> teacher = Option.none();
        try (Model model = Model.forInference(plan.architecture(), original)) {
            FiniteActivations.require(model, calibration);
            before = model.evaluate(split.test());
            if (distils(recipe)) {
                teacher = Option.some(model.logits(split.train()));
            }
        }
        double evaluation = seconds(evalStart);
        LOG.info("original model: {}", before);

        Option<FloatArray> teacherLogits = teacher;
        double[] layerFinetune = {0};
        java.util.Set<Integer> balanced = new java.util.HashSet<>();
        Pruner.Result pruned = Pruner.run(plan, original, calibration, seed, (step, layer, arch, weights) -> {
            if (step.stage().finetuneEachLayer().isEmpty()) {
                return weights;
            }
            long t = System.nanoTime();
            Step.FinetuneEachLayer f = step.stage().finetuneEachLayer().get();
            int[] rows = Finetuning.fractionIndices(split.train().size(), f.epochs(), seed * 7919 + step.order());
            Split part = split.train().select("train", rows);
            balanced.add(layer.order());
            Rebalance.Outcome folding = Rebalance.undo(arch, weights, List.of(folded(layer)));
            logRebalance(folding);
            ModelWeights rebalanced = folding.weights();
            ModelWeights tuned = Finetuning.train("finetuneEachLayer after " + step.group().layers().mkString("+"), arch, rebalanced, part,
                    Finetuning.config(1, f.options(), Finetuning.DEFAULT_LAYER_LR, seed + step.order()),
                    teacherLogits.map(l -> Finetuning.rows(l, rows)));
            layerFinetune[0] += seconds(t);
            return tuned;
        }, cluster);

        evalStart = System.nanoTime();
        Evaluation afterSelection;
        try (Model model = Model.forInference(pruned.architecture(), pruned.weights())) {
            afterSelection = model.evaluate(split.test());
        }
        evaluation += seconds(evalStart);
        LOG.info("after selection: {}", afterSelection);

        Pruner.Result result = pruned;
        Option<Evaluation> afterFinetune = Option.none();
        double finetune = layerFinetune[0];
        if (recipe.finetuneStep().isDefined()) {
            long t = System.nanoTime();
            Step.Finetune f = recipe.finetuneStep().get();
            // Surgery folded the multipliers into the consumers; SGD needs them split between both sides.
            Rebalance.Outcome folding = Rebalance.undo(pruned.architecture(), pruned.weights(),
                    pruned.layers().filter(l -> !balanced.contains(l.order())).map(PruneJob::folded));
            logRebalance(folding);
            ModelWeights rebalanced = folding.weights();
            ModelWeights tuned = Finetuning.train("finetune", pruned.architecture(), rebalanced, split.train(),
                    Finetuning.config(f.epochs(), f.options(), Finetuning.DEFAULT_LR, seed), teacherLogits);
            finetune += seconds(t);
            result = new Pruner.Result(pruned.architecture(), tuned, pruned.layers());
            evalStart = System.nanoTime();
            try (Model model = Model.forInference(result.architecture(), tuned)) {
                afterFinetune = Option.some(model.evaluate(split.test()));
            }
            evaluation += seconds(evalStart);
            LOG.info("after finetune: {}", afterFinetune.get());
        }
        double statistics = pruned.layers().map(l -> l.gramMillis() / 1000.0).sum().doubleValue();
        double selection = pruned.layers().map(l -> l.selectMillis() / 1000.0).sum().doubleValue();
        return new Outcome(plan, split, seed, result, before, afterSelection, afterFinetune,
                new Timings(statistics, selection, finetune, evaluation, seconds(start)),
                cluster.flatMap(CalibrationStatistics::streamed));
    }

    private static void logRebalance(Rebalance.Outcome outcome) {
        if (!outcome.rescaled().isEmpty() || !outcome.left().isEmpty()) {
            LOG.info("finetune starts with the multipliers split evenly between producer and consumers in {}{}",
                    outcome.rescaled().isEmpty() ? "no group" : outcome.rescaled().mkString(", "),
                    outcome.left().isEmpty() ? "" : "; left in the consumers of " + outcome.left().mkString(", ")
                            + " (a ReLU6, depthwise convolution or batch norm on the path makes splitting inexact)");
        }
    }

    private static Rebalance.Folded folded(LayerResult layer) {
        return new Rebalance.Folded(layer.layers(), layer.mixing().multipliers());
    }

    private static boolean distils(Recipe recipe) {
        List<io.winnow.dsl.FinetuneOption> options = recipe.finetuneStep().map(Step.Finetune::options)
                .getOrElse(List.empty())
                .appendAll(recipe.stages().flatMap(s -> s.finetuneEachLayer().map(Step.FinetuneEachLayer::options)
                        .getOrElse(List.empty())));
        return options.exists(o -> o instanceof io.winnow.dsl.FinetuneOption.Distill);
    }

    private static double seconds(long from) {
        return (System.nanoTime() - from) / 1e9;
    }
}
