package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Alignment;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Budget;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.engine.model.ModelWeights;

/**
 * How a stage's budget gives each of its groups a width (docs/theory.md section 6): fixed by the
 * budget (count, ratio, tolerance), planned for the whole stage before it runs (flops), or searched
 * on the calibration accuracy (accuracyDrop). A new budget is a new WidthPolicy and one branch in {@link #of}.
 */
interface WidthPolicy {

    /** The count this budget fixes for the group before selecting (count, ratio, flops); empty where selection decides. */
    Option<Integer> count(GroupContext g);

    /** The group selected by {@code selector} at the width this budget gives it. */
    LayerResult select(GroupContext g, Selector selector);

    /**
     * The policy of one stage, built when the stage starts: {@code steps} are the stage's steps, and
     * {@code arch} and {@code weights} the network as the stage finds it.
     */
    static WidthPolicy of(RunContext run, List<Plan.PruneStep> steps, Architecture arch, ModelWeights weights) {
        StageSpec stage = steps.head().stage();
        Budget budget = stage.budget().getOrElseThrow(() -> new IllegalStateException(
                "stage " + (stage.index() + 1) + " has no budget: the plan compiler refuses such a recipe"));
        Alignment alignment = stage.alignment();
        if (budget instanceof Budget.Count c) {
            return new FixedWidth(g -> new Width.Count(alignment.nearest(c.k(), g.group().width())));
        } else if (budget instanceof Budget.Ratio r) {
            return new FixedWidth(g -> new Width.Count(alignment.nearest(r.of(g.group().width()), g.group().width())));
        } else if (budget instanceof Budget.Tolerance t) {
            return new FixedWidth(g -> new Width.Tolerance(t.epsilon()));
        } else if (budget instanceof Budget.Flops f) {
            return FlopsPlan.plan(run, steps, f, arch, weights);
        } else if (budget instanceof Budget.AccuracyDrop a) {
            return new AccuracyBisection(run, a);
        }
        throw new IllegalStateException("no width policy for " + budget);
    }
}
