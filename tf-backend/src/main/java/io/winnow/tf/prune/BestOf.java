package io.winnow.tf.prune;

import io.winnow.engine.mixing.Mixing;

/**
 * bestOfLocalAndGlobal (docs/theory.md section 2, "Combination"; docs/theory.md section 5.4): per group,
 * select with both selectors, measure L_glob of both candidates on the calibration split with one
 * graph, keep the lower ({@code local} on a tie).
 */
record BestOf(Selector local, Selector global) implements Selector {

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        LayerOutcome byLocal = local.select(g, width);
        return better(g, byLocal, global.select(g, width));
    }

    /** The local half's search (one Gram for every width) against a global run at each width. */
    @Override
    public Search search(GroupContext g) {
        Search locally = local.search(g);
        return new Search(locally.gramMillis(),
                k -> better(g, locally.at().apply(k), global.select(g, new Width.Count(k))));
    }

    private static LayerOutcome better(GroupContext g, LayerOutcome byLocal, LayerOutcome byGlobal) {
        long start = System.nanoTime();
        try (GlobalDiscrepancy discrepancy = new GlobalDiscrepancy(g.architecture(), g.weights(), g.group(),
                g.calibration())) {
            double localLoss = loss(discrepancy, byLocal.mixing());
            double globalLoss = loss(discrepancy, byGlobal.mixing());
            LayerOutcome chosen = globalLoss < localLoss ? byGlobal : byLocal;
            return chosen.withComparison(new LayerResult.Comparison(localLoss, globalLoss, chosen.imitation()),
                    byLocal.gramMillis() + byGlobal.gramMillis(),
                    byLocal.selectMillis() + byGlobal.selectMillis() + LayerOutcome.millis(start, System.nanoTime()));
        }
    }

    private static double loss(GlobalDiscrepancy discrepancy, Mixing mixing) {
        return discrepancy.lossOf(mixing.kept(), mixing.multipliers());
    }
}
