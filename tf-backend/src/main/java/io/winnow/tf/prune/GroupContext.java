package io.winnow.tf.prune;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.dsl.Target;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.select.Gram;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Surgery;

/**
 * Everything a {@link Selector} may read to select one channel group: the plan step, the network as
 * it is when the group's turn comes, the group in that network, and the run's shared context.
 */
record GroupContext(RunContext run, Plan.PruneStep step, Architecture architecture, ModelWeights weights,
                    ChannelGroup group) {

    StageSpec stage() {
        return step.stage();
    }

    Split calibration() {
        return run.calibration();
    }

    long seed() {
        return run.seed();
    }

    /** The group's Gram on the network as it is now, for this target. */
    Gram gram(Target target) {
        return run.gram(architecture, weights, group, target);
    }

    /** Top-1 on the calibration split of the network with this group cut down to {@code mixing}. */
    double accuracyWith(Mixing mixing) {
        return evaluateWith(mixing).accuracy();
    }

    /** Loss and top-1 on the calibration split of the network with this group cut down to {@code mixing}. */
    Evaluation evaluateWith(Mixing mixing) {
        Surgery.Pruned pruned = Surgery.prune(architecture, weights, group, mixing.kept(), mixing.multipliers());
        return run.evaluateCut(architecture, weights, group, pruned, stage().correctBias(), stage().correctScale());
    }
}
