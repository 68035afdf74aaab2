package io.winnow.proofs;

import io.winnow.report.PruneReport;
import io.winnow.engine.select.SelectionStep;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The bound certificate of a pruning run, computed from the step record in its report.json
 * alone (docs/theory.md section 3; docs/theory.md section 3.5): for every layer selected by
 * optimizeGamma, the a-posteriori bound L_0 prod_k (1 - r_k^2/D_k^2) after each step and the
 * Lemma 3 check along the path. Because it needs nothing but the record, {@code winnow verify}
 * re-checks a report received from elsewhere with exactly the code {@code winnow prune} ran.
 */
public final class RunCertificates {

    private RunCertificates() {
    }

    /** The certificates of a report's layers and every violation found, with layer, step and values. */
    public record Outcome(List<Certificate> certificates, List<Violation> violations, int uncertifiedLayers) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    /** A report with every layer's certificate filled in, and what the check found. */
    public record Attached(PruneReport report, Outcome outcome) {
    }

    /** Computes the certificates and records them in each layer's {@code certificate}. */
    public static Attached attach(PruneReport report) {
        Outcome outcome = check(report);
        List<PruneReport.Layer> layers = new ArrayList<>();
        int i = 0;
        for (PruneReport.Layer layer : report.layers()) {
            if (!certifiable(layer)) {
                layers.add(layer.withCertificate(PruneReport.Certificate.notApplicable(whyNot(layer))));
                continue;
            }
            Certificate c = outcome.certificates().get(i++);
            List<Double> bounds = new ArrayList<>();
            List<String> lemma3 = new ArrayList<>();
            for (Certificate.Entry e : c.entries()) {
                bounds.add(e.bound());
                lemma3.add(e.lemma3().name());
            }
            layers.add(layer.withCertificate(PruneReport.Certificate.of(c.holds(), c.initialLoss(),
                    layer.selection().get().finalLoss(), c.finalBound(), bounds, lemma3,
                    c.violations().stream().map(Violation::toString).toList())));
        }
        return new Attached(report.withLayers(layers), outcome);
    }

    /** Re-checks a report: the certificates computed from its step records. */
    public static Outcome check(PruneReport report) {
        List<Certificate> certificates = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        int uncertified = 0;
        for (PruneReport.Layer layer : report.layers()) {
            if (!certifiable(layer)) {
                uncertified++;
                continue;
            }
            PruneReport.Selection selection = layer.selection().get();
            List<SelectionStep> steps = new ArrayList<>();
            for (PruneReport.Step s : selection.steps()) {
                steps.add(ReportSteps.toEngine(s, measured(s.margin(), layer, s, "margin r_k"),
                        measured(s.diameter(), layer, s, "diameter D_k")));
            }
            Certificate c = Certificate.of(layer.name(), selection.initialLoss(), steps, selection.finalLoss(),
                    selection.lossScale(), selection.dimension(), OptionalDouble.empty());
            certificates.add(c);
            violations.addAll(c.violations());
        }
        return new Outcome(certificates, violations, uncertified);
    }

    private static double measured(java.util.Optional<Double> value, PruneReport.Layer layer, PruneReport.Step step,
                                   String what) {
        return value.orElseThrow(() -> new IllegalArgumentException(layer.name() + " step " + step.k()
                + ": the certificate needs the " + what + ", which the report does not record"));
    }

    private static String whyNot(PruneReport.Layer layer) {
        if (layer.selection().isEmpty()) {
            return "a baseline has no greedy path to certify";
        } else if (isGlobal(layer)) {
            return "global imitation has no r_k, D_k: Lemma 3 is about local imitation";
        } else if (!"optimizeGamma".equals(layer.selection().get().rule())) {
            return "Lemma 3 and the certificate are statements about optimizeGamma";
        }
        return "the certificate needs y* in the hull of the N phi_i; target(originalActivations()) "
                + "takes y* from the original network";
    }

    /**
     * Layers whose selection is optimizeGamma on local imitation against the default target
     * (y* = sum_i phi_i, the barycentre the lemmas need): the only ones Lemma 3 speaks about.
     */
    private static boolean certifiable(PruneReport.Layer layer) {
        return layer.selection().isPresent() && "optimizeGamma".equals(layer.selection().get().rule())
                && !isGlobal(layer) && !"originalActivations".equals(layer.selection().get().target());
    }

    private static boolean isGlobal(PruneReport.Layer layer) {
        return "global".equals(layer.imitation());
    }
}
