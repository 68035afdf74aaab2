package io.winnow.engine.select;

/**
 * optimizeGamma's comparison with the GFS set at a count budget (docs/theory.md section 2, "Never
 * above GFS"). The greedy path and GFS can keep different neurons, and neither set is always the
 * better one: on about 0.7% of small random instances the polished optimizeGamma set ends above GFS's
 * uniform weights. So at support k optimizeGamma also takes GFS's k neurons, settles their weights on
 * their face with the same polish steps, and keeps whichever face has the lower L. Polishing only
 * lowers L, so the result is never above fixedGamma at the same width, and never above the
 * optimizeGamma path's own end (its certificate bound still holds for it).
 *
 * @param gfsKept  the k neurons of GFS's run, ascending: the face polished here, dead neurons included
 *                 (fixedGamma drops those from its own channels)
 * @param gfsLoss  L of GFS's own uniform weights 1/k (fixedGamma's result)
 * @param faceLoss L after polishing the weights on GFS's set (a drop may swap a neuron, as in polish)
 * @param pathLoss L of optimizeGamma's own polished path
 * @param taken    whether the GFS face was kept: faceLoss < pathLoss
 */
public record GfsComparison(int[] gfsKept, double gfsLoss, double faceLoss, double pathLoss, boolean taken) {

    public GfsComparison {
        gfsKept = gfsKept.clone();
    }

    @Override
    public int[] gfsKept() {
        return gfsKept.clone();
    }

    /** L of the weights returned: the lower of the two faces. */
    public double loss() {
        return taken ? faceLoss : pathLoss;
    }
}
