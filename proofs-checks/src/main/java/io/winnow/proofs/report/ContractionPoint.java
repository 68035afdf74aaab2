package io.winnow.proofs.report;

/**
 * One optimizeGamma step for plot (b): the measured factor L_{k+1}/L_k and Lemma 3's bound on it,
 * 1 - r_k^2/D_k^2 (docs/theory.md section 3.3). Lemma 3 says ratio <= bound up to the loss slack,
 * which in ratio terms is {@code slack} = Slack.loss / L_k.
 */
public record ContractionPoint(String instance, long dimension, int step, double ratio, double bound, double slack) {

    /** Above the diagonal by more than rounding allows: a Lemma 3 violation. */
    public boolean aboveBound() {
        return ratio > bound + slack;
    }
}
