package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.ChannelGroup;
import io.winnow.dsl.Method;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.dsl.StepRule;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Split;
import io.winnow.tf.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.tf.model.ModelWeights;
import io.winnow.engine.select.Baselines;
import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Polish;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import io.winnow.engine.select.StopReason;
import io.winnow.tf.surgery.Surgery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Runs the selection stages of a {@link Plan}: for each prune step in order, gather the group's
 * statistics on the calibration split, select, and cut the model down (method.md sections 1-2).
 * Layers are pruned from input to output, so every layer's statistics are taken on the already
 * pruned network: local imitation's default target (sameInput).
 */
public final class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private Pruner() {
    }

    /** The pruned network with every layer's record. */
    public record Result(Architecture architecture, ModelWeights weights, List<LayerResult> layers) {
    }

    /** Work done after each pruned group, e.g. a short finetune; returns the weights to go on with. */
    @FunctionalInterface
    public interface AfterLayer {
        ModelWeights apply(Plan.PruneStep step, Architecture architecture, ModelWeights weights);
    }

    public static Result run(Plan plan, ModelWeights original, Split calibration, long seed) {
        return run(plan, original, calibration, seed, (step, arch, weights) -> weights);
    }

    public static Result run(Plan plan, ModelWeights original, Split calibration, long seed, AfterLayer afterLayer) {
        Architecture arch = plan.architecture();
        ModelWeights weights = original;
        List<LayerResult> results = List.empty();
        int total = plan.steps().size();
        Budgets budgets = new Budgets(plan, original, calibration, seed);
        for (Plan.PruneStep planned : plan.steps()) {
            Plan.PruneStep step = budgets.resolve(planned, arch, weights); // flops: the stage's planned count
            ChannelGroup group = arch.groupOf(step.group().layers().head());
            LOG.info("layer {} of {}: {} ({} channels) by {}", step.order() + 1, total,
                    group.layers().mkString("+"), group.width(), step.stage().label());
            LayerResult result = budgets.handles(step) ? budgets.select(step, arch, weights, group)
                    : budgets.annotate(step, select(step, arch, weights, group, calibration, seed));
            Surgery.Pruned pruned = Surgery.prune(arch, weights, group, result.kept(), result.multipliers());
            arch = pruned.architecture();
            weights = afterLayer.apply(step, arch, pruned.weights());
            results = results.append(result);
            LOG.info("layer {} of {}: kept {} of {} channels{}{}", step.order() + 1, total, result.widthAfter(),
                    result.widthBefore(), result.selection().map(s -> String.format(java.util.Locale.ROOT,
                            ", loss %.4g -> %.4g in %d steps", s.initialLoss(), s.loss(), s.steps().size())).getOrElse(""),
                    belowBudget(step, result));
        }
        return new Result(arch, weights, results);
    }

    static LayerResult select(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group,
                              Split calibration, long seed) {
        StageSpec stage = step.stage();
        int n = group.width();
        long start = System.nanoTime();
        if (stage.method() == Method.GLOBAL_IMITATION || stage.method() == Method.BEST_OF_LOCAL_AND_GLOBAL) {
            Stop stop = step.width().map(Pruner::countWithFloor).getOrElse(() -> Stop.from(stage.budget().get(), n));
            return stage.method() == Method.GLOBAL_IMITATION
                    ? GlobalLayer.select(step, arch, weights, group, calibration, stop)
                    : BestOfBoth.select(step, arch, weights, group, calibration, seed, stop);
        }
        if (stage.method().isGreedy()) {
            Gram gram;
            try (Model model = Model.build(arch, weights)) {
                gram = LayerStatistics.gram(model, weights, group, calibration);
            }
            long gathered = System.nanoTime();
            Stop stop = step.width().map(Pruner::countWithFloor).getOrElse(() -> Stop.from(stage.budget().get(), n));
            Selection selection = stage.rule().contains(StepRule.FIXED_GAMMA)
                    ? FixedGamma.select(gram, stop) : OptimizeGamma.select(gram, stop);
            int[] kept = selection.kept();
            return new LayerResult(step.order(), group.layers(), stage.label(), n, kept.length, kept, selection.multipliers(),
                    Option.some(selection), millis(start, gathered), millis(gathered, System.nanoTime()));
        }
        int k = step.width().getOrElseThrow(() -> new UserInputException("stage " + (stage.index() + 1) + " ("
                + stage.method().word() + "): a baseline needs a count or ratio budget"));
        int[] kept = stage.method() == Method.MAGNITUDE
                ? Baselines.magnitude(l1Norms(weights, group), k)
                : Baselines.random(n, k, seed * 31 + step.order());
        kept = kept.clone();
        Arrays.sort(kept);
        double[] ones = new double[kept.length];
        Arrays.fill(ones, 1.0);
        return new LayerResult(step.order(), group.layers(), stage.label(), n, kept.length, kept, ones,
                Option.none(), 0, millis(start, System.nanoTime()));
    }

    /** Why a count budget kept fewer channels than it allowed, for the log; empty otherwise. */
    private static String belowBudget(Plan.PruneStep step, LayerResult result) {
        boolean floor = result.selection().exists(s -> s.stopped() == StopReason.TOLERANCE_REACHED);
        if (!floor || step.width().isEmpty() || result.widthAfter() >= step.width().get()) {
            return "";
        }
        return " (the budget allowed " + step.width().get() + "; " + result.widthAfter()
                + " already reproduce the layer to " + PRECISION_FLOOR + " of L(empty), the precision of its statistics)";
    }

    /**
     * G is accumulated from float32 activations, so a discrepancy below {@link #PRECISION_FLOOR} of
     * L(empty) is below what the statistics can resolve: a count budget stops there with fewer
     * neurons. Polish also runs when the greedy path stalls ({@link Polish#ON_STALL}), so a layer
     * reproduced almost exactly does not zig-zag to the step guard.
     */
    static Stop countWithFloor(int k) {
        Stop count = Stop.atCount(k);
        return new Stop(count.count(), java.util.OptionalDouble.of(PRECISION_FLOOR), count.maxSteps(), Polish.ON_STALL);
    }

    /** Relative discrepancy treated as exact reproduction of a layer (float32 statistics). */
    static final double PRECISION_FLOOR = 1e-6;

    /** L1 norm of each channel's filters, summed over the group's layers (Li et al. 2017). */
    static double[] l1Norms(ModelWeights weights, ChannelGroup group) {
        double[] norms = new double[group.width()];
        for (String layer : group.layers()) {
            FloatArray kernel = weights.get(layer, ModelWeights.KERNEL);
            float[] v = kernel.values();
            for (int e = 0; e < v.length; e++) {
                norms[e % group.width()] += Math.abs(v[e]);
            }
        }
        return norms;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
