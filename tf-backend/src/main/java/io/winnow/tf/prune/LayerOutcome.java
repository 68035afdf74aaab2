package io.winnow.tf.prune;

import io.vavr.control.Option;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.select.Selection;

/**
 * What a {@link Selector} decided for one channel group at one width.
 *
 * @param mixing       the kept channels and their multipliers c_i = N a_i (1 for baselines)
 * @param selection    the greedy run (empty for baselines): losses, gamma, r_k, D_k per step
 * @param imitation    what the kept selection imitated: the layer's output (local), the network's
 *                     output (global), or nothing (a baseline)
 * @param bestOf       for bestOfLocalAndGlobal, both candidates' global discrepancies and the winner
 * @param gramMillis   time spent gathering statistics
 * @param selectMillis time spent selecting
 */
public record LayerOutcome(Mixing mixing, Option<Selection> selection, LayerResult.Imitation imitation,
                           Option<LayerResult.Comparison> bestOf, long gramMillis, long selectMillis) {

    /** A greedy run's outcome: its mixing c_i = N a_i (docs/theory.md section 1). */
    static LayerOutcome greedy(Selection selection, LayerResult.Imitation imitation, long gramMillis,
                               long selectMillis) {
        return new LayerOutcome(selection.mixing(), Option.some(selection), imitation, Option.none(), gramMillis,
                selectMillis);
    }

    /** A baseline's outcome: the channels it keeps, each with multiplier 1. */
    static LayerOutcome baseline(int[] channels, long selectMillis) {
        return new LayerOutcome(Mixing.unweighted(channels), Option.none(), LayerResult.Imitation.NONE, Option.none(),
                0, selectMillis);
    }

    /** The same outcome with other timings. */
    LayerOutcome withMillis(long otherGramMillis, long otherSelectMillis) {
        return new LayerOutcome(mixing, selection, imitation, bestOf, otherGramMillis, otherSelectMillis);
    }

    /** The same outcome as the winner of bestOf's comparison. */
    LayerOutcome withComparison(LayerResult.Comparison comparison, long otherGramMillis, long otherSelectMillis) {
        return new LayerOutcome(mixing, selection, comparison.winner(), Option.some(comparison), otherGramMillis,
                otherSelectMillis);
    }

    static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
