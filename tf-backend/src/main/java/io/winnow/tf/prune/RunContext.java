package io.winnow.tf.prune;

import io.vavr.Lazy;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Target;
import io.winnow.engine.select.Gram;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Surgery;

/**
 * What every step of a run shares: the plan, the unpruned network, the calibration split and the
 * seed, and the statistics read from them, computed here or by a cluster ({@link CalibrationStatistics}).
 */
final class RunContext {

    private final Plan plan;
    private final ModelWeights original;
    private final Split calibration;
    private final long seed;
    private final Lazy<Double> originalAccuracy;
    private final Lazy<ActivationCache> activations;
    private final Option<CalibrationStatistics> cluster;
    /** The upstream outputs of the last group probed, kept for its next probe. */
    private Upstream upstream;
    /** correctBias()'s means of the unpruned network, and the unpruned numbering of every layer cut so far. */
    private final BiasCorrection correction;
    private final BiasCorrection.Channels channels = new BiasCorrection.Channels();

    RunContext(Plan plan, ModelWeights original, Split calibration, long seed) {
        this(plan, original, calibration, seed, Option.none());
    }

    RunContext(Plan plan, ModelWeights original, Split calibration, long seed, Option<CalibrationStatistics> cluster) {
        this.plan = plan;
        this.cluster = cluster;
        this.original = original;
        this.calibration = calibration;
        this.seed = seed;
        this.activations = Lazy.of(() -> ActivationCache.forRun(plan.architecture(), calibration.size()));
        this.originalAccuracy = Lazy.of(() -> accuracy(plan.architecture(), original));
        this.correction = new BiasCorrection(plan.architecture(), original, calibration);
    }

    BiasCorrection correction() {
        return correction;
    }

    BiasCorrection.Channels channels() {
        return channels;
    }

    Plan plan() {
        return plan;
    }

    Split calibration() {
        return calibration;
    }

    long seed() {
        return seed;
    }

    /** The unpruned network's top-1 on the calibration split, computed on first use. */
    double originalAccuracy() {
        return originalAccuracy.get();
    }

    /** Top-1 of a network on the calibration split. */
    double accuracy(Architecture arch, ModelWeights weights) {
        return evaluate(arch, weights).accuracy();
    }

    /** Mean cross-entropy and top-1 of a network on the calibration split. */
    Evaluation evaluate(Architecture arch, ModelWeights weights) {
        try (Model model = Model.forInference(arch, weights)) {
            return model.evaluate(calibration);
        }
    }

    /**
     * Mean cross-entropy and top-1 on the calibration split of {@code cut}, the network {@code arch} with
     * {@code group} cut: the layers upstream of the group run once per group and network (for the first
     * probe), not once per probe ({@link Upstream}). With {@code correctBias}, the layers reading the group
     * are corrected first, as the run will correct them ({@link BiasCorrection}).
     */
    Evaluation evaluateCut(Architecture arch, ModelWeights weights, ChannelGroup group, Surgery.Pruned cut,
                           boolean correctBias, boolean correctScale) {
        if (upstream == null || !upstream.isFor(arch, weights, group)) {
            upstream = Upstream.of(arch, weights, group, calibration);
        }
        ModelWeights probed = correctBias
                ? correction.correct(arch, group, cut, channels, upstream.outputs(), correctScale).weights()
                : cut.weights();
        try (Model model = Model.forInference(cut.architecture(), probed)) {
            return model.evaluate(calibration, upstream.outputs());
        }
    }

    /** Drops the upstream outputs kept for the last group's probes (up to {@link Upstream#MAX_VALUES} floats). */
    void forgetUpstream() {
        upstream = null;
    }

    /**
     * The group's Gram on the network as it is now, {@code arch} with {@code weights}; under
     * target(originalActivations()) y* comes from the unpruned network (docs/theory.md section 2).
     */
    Gram gram(Architecture arch, ModelWeights weights, ChannelGroup group, Target target) {
        if (cluster.isDefined()) {
            return cluster.get().gram(new CalibrationStatistics.Network(arch, weights),
                    new CalibrationStatistics.Network(plan.architecture(), original), group, target, calibration,
                    label(group));
        }
        try (Model model = Model.forInference(arch, weights)) {
            return gram(model, weights, group, target);
        }
    }

    private Gram gram(Model model, ModelWeights weights, ChannelGroup group, Target target) {
        String layer = label(group);
        return switch (target) {
            case SAME_INPUT -> LayerStatistics.gram(model, weights, group, calibration, layer, activations.get());
            case ORIGINAL_ACTIVATIONS -> {
                try (Model unpruned = Model.forInference(plan.architecture(), original)) {
                    yield OriginalTarget.gram(model, weights, group, calibration, unpruned, layer);
                }
            }
        };
    }

    /** The consumer inputs the last statistics pass read, for the next pass to start from. */
    ActivationCache activations() {
        return activations.get();
    }

    /** "layer i of n (conv1)": the group's place among the plan's prune steps, for the progress log. */
    private String label(ChannelGroup group) {
        int index = plan.steps().indexWhere(s -> group.layers().contains(s.group().layers().head()));
        String name = group.layers().mkString("+");
        return index < 0 ? name : "layer " + (index + 1) + " of " + plan.steps().size() + " (" + name + ")";
    }
}
