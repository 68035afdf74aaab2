package io.winnow.tf.prune;

import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;

/**
 * Local imitation (docs/theory.md sections 1-2): greedy selection on the group's Gram, gathered on the
 * network as it is now, so each layer imitates the original layer on the pruned network's input
 * (sameInput) or, under target(originalActivations()), what the unpruned network feeds its consumers.
 */
record LocalImitation(StepRule rule, Target target) implements Selector {

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        long start = System.nanoTime();
        Gram gram = g.gram(target);
        long gathered = System.nanoTime();
        return LayerOutcome.greedy(path(gram, width.stop()), LayerResult.Imitation.LOCAL,
                LayerOutcome.millis(start, gathered), LayerOutcome.millis(gathered, System.nanoTime()));
    }

    /** One Gram for every width. */
    @Override
    public Search search(GroupContext g) {
        long start = System.nanoTime();
        Gram gram = g.gram(target);
        return new Search(LayerOutcome.millis(start, System.nanoTime()),
                k -> LayerOutcome.greedy(path(gram, new Width.Count(k).stop()), LayerResult.Imitation.LOCAL, 0, 0));
    }

    /** The greedy path on a Gram with this stage's step rule. */
    Selection path(Gram gram, Stop stop) {
        return switch (rule) {
            case OPTIMIZE_GAMMA -> OptimizeGamma.select(gram, stop);
            case FIXED_GAMMA -> FixedGamma.select(gram, stop);
        };
    }
}
