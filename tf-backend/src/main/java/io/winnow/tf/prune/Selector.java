package io.winnow.tf.prune;

import io.winnow.dsl.StageSpec;
import io.winnow.dsl.StepRule;

import java.util.function.IntFunction;

/**
 * How a stage's method chooses the channels of one group (docs/theory.md section 2). A new method is a
 * new Selector and one case in {@link #of}.
 */
interface Selector {

    /** The group's selection at this width. */
    LayerOutcome select(GroupContext g, Width width);

    /**
     * The group prepared for a search over its width (accuracyDrop): what does not depend on the width
     * (a Gram, a ranking) is gathered once. By default every width is a selection of its own.
     */
    default Search search(GroupContext g) {
        return new Search(0, k -> select(g, new Width.Count(k)));
    }

    /**
     * Candidates at every width of one group.
     *
     * @param gramMillis time spent gathering what the candidates share
     * @param at         the candidate keeping k channels
     */
    record Search(long gramMillis, IntFunction<LayerOutcome> at) {
    }

    /** The selector of a stage: its method with its step rule and target. */
    static Selector of(StageSpec stage) {
        StepRule rule = stage.rule().getOrElse(StepRule.OPTIMIZE_GAMMA);
        return switch (stage.method()) {
            case LOCAL_IMITATION -> new LocalImitation(rule, stage.target());
            case GLOBAL_IMITATION -> new GlobalImitationSelector(rule);
            case BEST_OF_LOCAL_AND_GLOBAL ->
                    new BestOf(new LocalImitation(rule, stage.target()), new GlobalImitationSelector(rule));
            case MAGNITUDE -> new Magnitude();
            case TAYLOR -> new Taylor();
            case RANDOM -> new RandomChoice();
        };
    }
}
