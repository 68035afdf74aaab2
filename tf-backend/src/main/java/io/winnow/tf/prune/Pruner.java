package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.select.StopReason;
import io.winnow.engine.model.BiasShift;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Surgery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Runs the selection stages of a {@link Plan} (docs/theory.md sections 1-2): for each prune step in order,
 * the stage's {@link WidthPolicy} gives the group a width, the stage's {@link Selector} chooses its
 * channels, surgery cuts the model down, and the after-layer work (e.g. a short finetune) runs.
 * Layers are pruned from input to output, so every layer's statistics are taken on the already
 * pruned network: local imitation's default target (sameInput).
 */
public final class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private Pruner() {
    }

    /** The pruned network with every layer's record. */
    public record Result(Architecture architecture, ModelWeights weights, List<LayerResult> layers) {

        /** What selection did to each group, in plan order, as the checks read it. */
        public List<io.winnow.proofs.deep.GroupMixing> mixing() {
            return Pruner.mixing(layers);
        }
    }

    /** What selection and bias correction did to each group of {@code layers}, as the checks read it. */
    static List<io.winnow.proofs.deep.GroupMixing> mixing(List<LayerResult> layers) {
        return layers.map(r -> new io.winnow.proofs.deep.GroupMixing(r.layers(), r.mixing().kept(),
                r.mixing().multipliers(), r.biasShifts()));
    }

    /** Work done after each pruned group, e.g. a short finetune; returns the weights to go on with. */
    @FunctionalInterface
    public interface AfterLayer {
        ModelWeights apply(Plan.PruneStep step, LayerResult result, Architecture architecture, ModelWeights weights);
    }

    public static Result run(Plan plan, ModelWeights original, Split calibration, long seed) {
        return run(plan, original, calibration, seed, (step, result, arch, weights) -> weights);
    }

    public static Result run(Plan plan, ModelWeights original, Split calibration, long seed, AfterLayer afterLayer) {
        return run(plan, original, calibration, seed, afterLayer, Option.none());
    }

    /** As above, with every group's Gram computed by {@code cluster} when one is given. */
    public static Result run(Plan plan, ModelWeights original, Split calibration, long seed, AfterLayer afterLayer,
                             Option<CalibrationStatistics> cluster) {
        RunContext run = new RunContext(plan, original, calibration, seed, cluster);
        Architecture arch = plan.architecture();
        ModelWeights weights = original;
        List<LayerResult> results = List.empty();
        int total = plan.steps().size();
        for (int index : plan.steps().map(s -> s.stage().index()).distinct()) {
            List<Plan.PruneStep> steps = plan.steps().filter(s -> s.stage().index() == index);
            WidthPolicy policy = WidthPolicy.of(run, steps, arch, weights);
            Selector selector = Selector.of(steps.head().stage());
            for (Plan.PruneStep step : steps) {
                ChannelGroup group = arch.groupOf(step.group().layers().head());
                LOG.info("layer {} of {}: {} ({} channels) by {}", step.order() + 1, total,
                        group.layers().mkString("+"), group.width(), step.stage().label());
                GroupContext g = new GroupContext(run, step, arch, weights, group);
                LayerResult result = policy.select(g, selector);
                Mixing mixing = result.mixing();
                Surgery.Pruned pruned = Surgery.prune(arch, weights, group, mixing.kept(), mixing.multipliers());
                run.activations().narrow(arch, weights, group, mixing.kept(), pruned.architecture(), pruned.weights());
                ModelWeights corrected = pruned.weights();
                if (step.stage().correctBias()) {
                    // The readers' means are taken on the cut network fed what it still shares with the last
                    // statistics pass, so only the readers run.
                    BiasCorrection.Corrected c = run.correction().correct(arch, group, pruned, run.channels(),
                            run.activations().validFor(pruned.architecture(), pruned.weights()), step.stage().correctScale());
                    corrected = c.weights();
                    result = result.withBiasShifts(c.shifts());
                    run.activations().reweigh(pruned.architecture(), pruned.weights(), corrected,
                            c.shifts().map(BiasShift::layer));
                }
                run.channels().narrow(group, mixing.kept());
                ModelWeights after = afterLayer.apply(step, result, pruned.architecture(), corrected);
                if (after != corrected) {
                    run.activations().clear();
                }
                arch = pruned.architecture();
                weights = after;
                results = results.append(result);
                LOG.info("layer {} of {}: kept {} of {} channels{}{}", step.order() + 1, total, result.widthAfter(),
                        result.widthBefore(), result.selection().map(s -> String.format(Locale.ROOT,
                                ", loss %.4g -> %.4g in %d steps%s", s.initialLoss(), s.loss(), s.steps().size(),
                                s.deadDropped().isEmpty() ? "" : ", " + s.deadDropped().size()
                                        + " dead channel(s) dropped (zero on every calibration sample)"))
                                .getOrElse(""), belowBudget(policy.count(g), result));
            }
        }
        return new Result(arch, weights, results);
    }

    /**
     * The selected network before any finetune: {@code original} with every layer's kept channels
     * and multipliers applied by surgery, and its bias corrections, in plan order. Without per-layer
     * finetunes these are the weights {@link #run} ends with; with them, the selections as made on the
     * original weights.
     */
    public static Surgery.Pruned selected(Architecture arch, ModelWeights original, List<LayerResult> layers) {
        return io.winnow.proofs.verify.SelectedWeights.of(arch, original, mixing(layers).asJava());
    }

    /** The plan's first step on the unpruned network, as {@link #run} selects it; for comparing methods on one layer. */
    static LayerResult selectFirstStep(Plan plan, ModelWeights original, Split calibration, long seed) {
        RunContext run = new RunContext(plan, original, calibration, seed);
        Architecture arch = plan.architecture();
        Plan.PruneStep step = plan.steps().head();
        List<Plan.PruneStep> stage = plan.steps().filter(s -> s.stage().index() == step.stage().index());
        GroupContext g = new GroupContext(run, step, arch, original, arch.groupOf(step.group().layers().head()));
        return WidthPolicy.of(run, stage, arch, original).select(g, Selector.of(step.stage()));
    }

    /** Why a count budget kept fewer channels than it allowed, for the log; empty otherwise. */
    private static String belowBudget(Option<Integer> allowed, LayerResult result) {
        boolean floor = result.selection().exists(s -> s.stopped() == StopReason.TOLERANCE_REACHED);
        return allowed.filter(k -> floor && result.widthAfter() < k)
                .map(k -> " (the budget allowed " + k + "; " + result.widthAfter() + " already reproduce the layer to "
                        + Width.PRECISION_FLOOR + " of L(empty), the precision of its statistics)")
                .getOrElse("");
    }
}
