package io.winnow.proofs.report;

import io.winnow.proofs.Certificate;
import io.winnow.proofs.CheckResult;
import io.winnow.proofs.Instance;
import io.winnow.proofs.Lemma1;
import io.winnow.proofs.Lemma2;
import io.winnow.proofs.Lemma3;
import io.winnow.proofs.RateTheorem;
import io.winnow.proofs.Slack;
import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import io.winnow.engine.select.Stop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * Runs both selection rules on one instance at a time and applies every one-layer check of
 * docs/theory.md section 3 to the runs, collecting one {@link CheckResult} per (check, run).
 * r is computed exactly only for m <= 3; above that only the checks that need no r run.
 */
final class CheckRunner {

    static final String LEMMA_1 = "Lemma 1";
    static final String LEMMA_2 = "Lemma 2";
    static final String LEMMA_3 = "Lemma 3";
    static final String RATE = "Theorem (rate)";
    static final String CERTIFICATE = "Certificate";
    static final List<String> CHECKS = List.of(LEMMA_1, LEMMA_2, LEMMA_3, RATE, CERTIFICATE);

    /** r is exact by facet enumeration only in low dimension (docs/theory.md, Geometry). */
    static final int MAX_EXACT_DIMENSION = 3;

    /** Applied to every optimizeGamma run before it is checked: the identity, except in tests that feed a corrupted run. */
    private final UnaryOperator<Selection> beforeChecks;
    private final Map<String, List<CheckResult>> results = new LinkedHashMap<>();
    private final List<ContractionPoint> contractions = new ArrayList<>();

    CheckRunner(UnaryOperator<Selection> beforeChecks) {
        this.beforeChecks = beforeChecks;
        CHECKS.forEach(check -> results.put(check, new ArrayList<>()));
    }

    /** An optimizeGamma run to (numerical) convergence: the checks look at every step. */
    static Selection optimizeGamma(Instance instance) {
        return OptimizeGamma.select(instance.gram(), Stop.atTolerance(1e-12).withMaxSteps(Math.max(50, 4 * instance.width())));
    }

    /** A fixedGamma run through all N neurons (at n = N it is exact). */
    static Selection fixedGamma(Instance instance) {
        return FixedGamma.select(instance.gram(), Stop.atCount(instance.width()));
    }

    static OptionalDouble exactInradius(Instance instance) {
        return instance.dimension() <= MAX_EXACT_DIMENSION
                ? OptionalDouble.of(instance.inradius().radius()) : OptionalDouble.empty();
    }

    /** Checks one instance; returns its (checked) optimizeGamma run. */
    Selection check(Instance instance) {
        String name = instance.name();
        OptionalDouble r = exactInradius(instance);
        Selection optimized = beforeChecks.apply(optimizeGamma(instance));
        if (r.isPresent()) {
            double radius = r.getAsDouble();
            results.get(LEMMA_1).add(Lemma1.checkAll(List.of(instance)));
            results.get(LEMMA_2).add(Lemma2.check(name + " optimizeGamma", optimized, radius));
            results.get(LEMMA_2).add(Lemma2.check(name + " fixedGamma", fixedGamma(instance), radius));
            results.get(RATE).add(RateTheorem.check(name, optimized, radius));
        }
        results.get(LEMMA_3).add(Lemma3.check(name, optimized, r));
        results.get(CERTIFICATE).add(certificateResult(Certificate.of(name, optimized, r), r.isPresent()));
        addContractions(name, instance.dimension(), optimized);
        return optimized;
    }

    /**
     * The certificate as a CheckResult. Certificate.of evaluates, per step: the record chain, Lemma 3
     * in its observed form, the a-priori form when r is known, the bound L_{k+1} <= B_{k+1}, and
     * Lemma 2 when r is known and the margin is resolvable; each failure is one violation. So
     * checked counts exactly those inequalities, and skipped the unresolvable Lemma 2 ones.
     */
    static CheckResult certificateResult(Certificate certificate, boolean radiusKnown) {
        int perStep = radiusKnown ? 4 : 3;
        long checked = (long) perStep * certificate.entries().size();
        long skipped = 0;
        if (radiusKnown) {
            for (Certificate.Entry entry : certificate.entries()) {
                if (entry.lemma2() == Certificate.Verdict.NOT_CHECKED) {
                    skipped++;
                } else {
                    checked++;
                }
            }
        }
        return new CheckResult(CERTIFICATE, Math.toIntExact(checked), Math.toIntExact(skipped), certificate.violations());
    }

    /** Plot (b): L_{k+1}/L_k against 1 - r_k^2/D_k^2 at every step whose L_k is resolvable. */
    private void addContractions(String name, long dimension, Selection selection) {
        double slack = Slack.loss(selection.lossScale());
        double floor = 1e3 * slack;
        for (SelectionStep step : selection.steps()) {
            if (step.lossBefore() > floor) {
                double bound = 1 - step.margin() * step.margin() / (step.diameter() * step.diameter());
                contractions.add(new ContractionPoint(name, dimension, step.k(), step.lossAfter() / step.lossBefore(), bound,
                        slack / step.lossBefore()));
            }
        }
    }

    Map<String, List<CheckResult>> results() {
        Map<String, List<CheckResult>> copy = new LinkedHashMap<>();
        results.forEach((check, list) -> copy.put(check, List.copyOf(list)));
        return copy;
    }

    List<ContractionPoint> contractions() {
        return List.copyOf(contractions);
    }
}
