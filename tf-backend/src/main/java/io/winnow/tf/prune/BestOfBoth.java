package io.winnow.tf.prune;

import io.vavr.control.Option;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.ChannelGroup;
import io.winnow.dsl.Method;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.dsl.StepRule;
import io.winnow.tf.data.Split;
import io.winnow.tf.model.ModelWeights;
import io.winnow.engine.select.GlobalImitation;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;

/**
 * bestOfLocalAndGlobal (method.md section 2, "Combination"; docs/theory.md section 5.4): per group,
 * select by local imitation (the runner's own local path) and by global imitation, measure L_glob
 * of both candidates on the calibration split with the same graph, keep the lower (local on a tie).
 */
final class BestOfBoth {

    private BestOfBoth() {
    }

    static LayerResult select(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group,
                              Split calibration, long seed, Stop stop) {
        return select(step, arch, weights, group, calibration, stop,
                localStep -> Pruner.select(localStep, arch, weights, group, calibration, seed));
    }

    /**
     * The same with the local candidate chosen by {@code localSelection}, given the step as a
     * localImitation step ({@link Budgets} selects it: from the original-activations Gram under
     * target(originalActivations()), and from the group's one Gram across an accuracyDrop search).
     */
    static LayerResult select(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group,
                              Split calibration, Stop stop,
                              java.util.function.Function<Plan.PruneStep, LayerResult> localSelection) {
        StageSpec s = step.stage();
        StageSpec local = new StageSpec(s.index(), s.step(), Method.LOCAL_IMITATION, s.rule(), s.budget(), s.layers(),
                s.exceptLayers(), s.target(), s.finetuneEachLayer());
        LayerResult byLocal = localSelection.apply(new Plan.PruneStep(step.order(), local, step.group(), step.width()));
        long start = System.nanoTime();
        try (GlobalDiscrepancy discrepancy = new GlobalDiscrepancy(arch, weights, group, calibration)) {
            long built = System.nanoTime();
            Selection selection = GlobalImitation.select(discrepancy, s.rule().getOrElse(StepRule.OPTIMIZE_GAMMA), stop);
            GlobalLayer.log(group, selection, discrepancy, built);
            LayerResult byGlobal = GlobalLayer.record(step, group, selection, 0, 0);
            double localLoss = discrepancy.lossOf(byLocal.kept(), byLocal.multipliers());
            double globalLoss = discrepancy.lossOf(byGlobal.kept(), byGlobal.multipliers());
            LayerResult.Imitation winner = globalLoss < localLoss ? LayerResult.Imitation.GLOBAL
                    : LayerResult.Imitation.LOCAL;
            LayerResult chosen = winner == LayerResult.Imitation.GLOBAL ? byGlobal : byLocal;
            return chosen.with(s.label(), winner,
                    Option.some(new LayerResult.Comparison(localLoss, globalLoss, winner)),
                    byLocal.gramMillis() + (built - start) / 1_000_000,
                    byLocal.selectMillis() + (System.nanoTime() - built) / 1_000_000);
        }
    }
}
