package io.winnow.tf.prune;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import io.winnow.dsl.Budget;
import io.winnow.engine.mixing.Mixing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * select(accuracyDrop(x)) (docs/theory.md section 6): each group's width is the smallest found by
 * bisection whose pruned network keeps top-1 on the calibration split at or above
 * (1 - x) times the unpruned network's.
 */
record AccuracyBisection(RunContext run, Budget.AccuracyDrop drop) implements WidthPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AccuracyBisection.class);

    @Override
    public Option<Integer> count(GroupContext g) {
        return Option.none();
    }

    @Override
    public LayerResult select(GroupContext g, Selector selector) {
        long start = System.nanoTime();
        int n = g.group().width();
        double original = run.originalAccuracy();
        double threshold = (1 - drop.drop()) * original;
        Selector.Search search = selector.search(g);
        Map<Integer, LayerOutcome> results = HashMap.empty();
        List<BudgetSearch.Candidate> tried = List.empty();
        // Bisection on k over [1, N] for the smallest k with accuracy >= threshold; the full width
        // (the layer unchanged) passes by definition. Accuracy need not be monotone in k: this finds a
        // k that passes whose k - 1 fails, with O(log N) evaluations (docs/theory.md section 6).
        int lo = 1;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            LayerOutcome candidate = search.at().apply(mid);
            double accuracy = g.accuracyWith(candidate.mixing());
            tried = tried.append(new BudgetSearch.Candidate(mid, accuracy));
            results = results.put(mid, candidate);
            if (accuracy >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        run.forgetUpstream();
        LayerOutcome chosen = results.get(hi).getOrElse(() -> unchanged(n));
        LOG.info("accuracyDrop({}): width {} of {} (calibration top-1 original {}, threshold {}, tried {})",
                drop.drop(), hi, n, original, threshold, tried.map(c -> c.width() + ":" + c.accuracy()).mkString(" "));
        long selectMillis = LayerOutcome.millis(start, System.nanoTime()) - search.gramMillis();
        return LayerResult.of(g, chosen.withMillis(search.gramMillis(), selectMillis),
                Option.some(new BudgetSearch.AccuracyDrop(drop.drop(), original, threshold, tried, hi)));
    }

    /** The layer left as it is: every channel, multiplier 1. */
    private static LayerOutcome unchanged(int width) {
        return new LayerOutcome(Mixing.unchanged(width), Option.none(), LayerResult.Imitation.NONE, Option.none(), 0, 0);
    }
}
