package io.winnow.proofs;

import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The a-posteriori certificate of one optimizeGamma run (docs/theory.md section 3, "Honest caveat";
 * docs/theory.md section 3.5): from the recorded steps alone,
 * B_0 = L_0 and B_{k+1} = B_k (1 - r_k^2/D_k^2), so L_n <= L_0 prod_k (1 - r_k^2/D_k^2) whenever
 * every step obeys Lemma 3. It is valid whatever r is, and is what a report shows next to the
 * measured curve. Each step also carries its Lemma 2 and Lemma 3 verdicts, and the record must
 * be consistent: L_k of step k equals L_{k+1} of step k - 1. Any failure is listed with its
 * layer, step and values.
 *
 * <p>Polish steps ({@link SelectionStep#polish()}) leave the bound unchanged, B_{k+1} = B_k: they
 * promise only L_{k+1} <= L_k, so L_{k+1} <= B_k still holds. Their Lemma 3 verdict is
 * NOT_CHECKED; the monotone decrease is checked instead (docs/theory.md 3.5).
 *
 * <p>The weights a run returns may be GFS's polished face rather than the path's end
 * ({@link io.winnow.engine.select.GfsComparison}); their loss must then lie below the path's end, so
 * the certificate also checks L(returned) <= B_n.
 *
 * @param layer      the layer (or instance) the run belongs to
 * @param initialLoss L_0
 * @param entries    one per step
 * @param violations every failed inequality
 */
public record Certificate(String layer, double initialLoss, List<Entry> entries, List<Violation> violations) {

    public Certificate {
        entries = List.copyOf(entries);
        violations = List.copyOf(violations);
    }

    /** The verdict on one inequality at one step. */
    public enum Verdict { HOLDS, VIOLATED, NOT_CHECKED }

    /**
     * Step k: L_{k+1} observed, B_{k+1} the certificate bound after it, and the verdicts.
     * Lemma 2 is NOT_CHECKED without r, or where the margin is not resolvable (L_k near 0).
     */
    public record Entry(int k, double lossAfter, double bound, Verdict lemma2, Verdict lemma3, Verdict bounded) {
    }

    static final String CHAIN = "record: L_k of step k == L_{k+1} of step k-1";
    static final String BOUND = "certificate: L_{k+1} <= L_0 prod_{j<=k} (1 - r_j^2/D_j^2)";
    static final String FINAL = "returned weights: L(a) <= L_n <= B_n";

    /** The certificate of an optimizeGamma run; r, when known (small m), adds the Lemma 2 and a-priori Lemma 3 checks. */
    public static Certificate of(String layer, Selection selection, OptionalDouble inradius) {
        Lemma3.requireOptimizeGamma(selection);
        return of(layer, selection.initialLoss(), selection.steps(), selection.loss(), selection.lossScale(),
                selection.dimension(), inradius);
    }

    /**
     * The same from a bare step record, e.g. one read back from a run log; finalLoss is L of the
     * weights the run returned.
     */
    public static Certificate of(String layer, double initialLoss, List<SelectionStep> steps, double finalLoss,
            double lossScale, long dimension, OptionalDouble inradius) {
        double slack = Slack.loss(lossScale);
        List<Entry> entries = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        double bound = initialLoss;
        double previous = initialLoss;
        for (SelectionStep step : steps) {
            int k = step.k();
            if (!(Math.abs(step.lossBefore() - previous) <= slack)) {
                violations.add(new Violation(layer, k, CHAIN, step.lossBefore(), previous, slack));
            }
            Verdict lemma2 = Verdict.NOT_CHECKED;
            double marginSlack = Slack.margin(lossScale, dimension, step.lossBefore(), step.margin(), step.diameter());
            if (inradius.isPresent() && Double.isFinite(marginSlack)) {
                double r = inradius.getAsDouble();
                lemma2 = verdict(step.margin() >= r - marginSlack);
                if (lemma2 == Verdict.VIOLATED) {
                    violations.add(new Violation(layer, k, Lemma2.STATEMENT, r, step.margin(), marginSlack));
                }
            }
            Verdict lemma3Verdict;
            if (step.polish()) {
                lemma3Verdict = Verdict.NOT_CHECKED;
                if (!(step.lossAfter() <= step.lossBefore() + slack)) {
                    violations.add(new Violation(layer, k, Lemma3.MONOTONE, step.lossAfter(), step.lossBefore(), slack));
                }
            } else {
                lemma3Verdict = verdict(lemma3(layer, step, inradius, slack, violations));
                // r_k <= D_k by Cauchy-Schwarz, so the factor is >= 0; a negative value is rounding of
                // r_k at L_k near 0 (where Lemma 2 is NOT_CHECKED), and would make B negative.
                bound *= Math.max(0, Lemma3.contraction(step.margin(), step.diameter()));
            }
            // Each step holds up to one slack, so after k + 1 steps the bound holds up to k + 1.
            double boundSlack = (k + 1) * slack;
            boolean bounded = step.lossAfter() <= bound + boundSlack;
            if (!bounded) {
                violations.add(new Violation(layer, k, BOUND, step.lossAfter(), bound, boundSlack));
            }
            entries.add(new Entry(k, step.lossAfter(), bound, lemma2, lemma3Verdict, verdict(bounded)));
            previous = step.lossAfter();
        }
        if (!(finalLoss <= previous + slack)) {
            violations.add(new Violation(layer, steps.size(), FINAL, finalLoss, previous, slack));
        }
        return new Certificate(layer, initialLoss, entries, violations);
    }

    /** Lemma 3 at one greedy step: the observed form, and the a-priori form when r is known. */
    private static boolean lemma3(String layer, SelectionStep step, OptionalDouble inradius, double slack,
            List<Violation> violations) {
        int k = step.k();
        double observed = Lemma3.contraction(step.margin(), step.diameter()) * step.lossBefore();
        boolean lemma3 = step.lossAfter() <= observed + slack;
        if (!lemma3) {
            violations.add(new Violation(layer, k, Lemma3.OBSERVED, step.lossAfter(), observed, slack));
        }
        if (inradius.isPresent()) {
            double apriori = Lemma3.contraction(inradius.getAsDouble(), step.diameter()) * step.lossBefore();
            if (!(step.lossAfter() <= apriori + slack)) {
                lemma3 = false;
                violations.add(new Violation(layer, k, Lemma3.A_PRIORI, step.lossAfter(), apriori, slack));
            }
        }
        return lemma3;
    }

    public boolean holds() {
        return violations.isEmpty();
    }

    /** The certified bound after the last step: L_0 prod over greedy steps k of (1 - r_k^2/D_k^2). */
    public double finalBound() {
        return entries.isEmpty() ? initialLoss : entries.get(entries.size() - 1).bound();
    }

    private static Verdict verdict(boolean holds) {
        return holds ? Verdict.HOLDS : Verdict.VIOLATED;
    }
}
