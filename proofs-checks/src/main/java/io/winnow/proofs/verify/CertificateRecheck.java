package io.winnow.proofs.verify;

import io.winnow.proofs.Certificate;
import io.winnow.proofs.Violation;
import io.winnow.report.PruneReport;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The bound certificate of one layer recomputed from its step record with {@link Certificate#of}
 * (docs/theory.md section 3.5), the code {@code winnow prune} ran; every recorded field must equal
 * the recomputed one, every recomputed violation is a finding at the step it concerns, and a
 * recorded {@code holds: false} is a finding too: a report that says its certificate failed did fail.
 */
final class CertificateRecheck {

    private CertificateRecheck() {
    }

    /** Checks a layer whose certificate applies; returns the certificate recomputed. */
    static Certificate check(String path, PruneReport.Layer layer, PruneReport.Selection selection,
                             Findings findings) {
        Certificate c = Certificate.of(layer.name(), selection.initialLoss(), StepReplay.steps(selection),
                selection.finalLoss(), selection.lossScale(), selection.dimension(), OptionalDouble.empty());
        PruneReport.Certificate recorded = layer.certificate();
        String at = path + ".certificate";
        String by = "the certificate recomputed from the steps says";
        findings.expect(at + ".applies", recorded.applies(), true, "the plan's rule, imitation and target say");
        findings.expect(at + ".holds", recorded.holds(), Optional.of(c.holds()), by);
        findings.expect(at + ".initialLoss", recorded.initialLoss(), Optional.of(c.initialLoss()), by);
        findings.expect(at + ".finalLoss", recorded.finalLoss(), Optional.of(selection.finalLoss()),
                "$.selection.finalLoss is");
        findings.expect(at + ".finalBound", recorded.finalBound(), Optional.of(c.finalBound()), by);
        findings.expect(at + ".bounds", recorded.bounds(),
                Optional.of(c.entries().stream().map(Certificate.Entry::bound).toList()), by);
        findings.expect(at + ".lemma3", recorded.lemma3(),
                Optional.of(c.entries().stream().map(e -> e.lemma3().name()).toList()), by);
        findings.expect(at + ".violations", recorded.violations(),
                Optional.of(c.violations().stream().map(Violation::toString).toList()), by);
        for (Violation v : c.violations()) {
            findings.add(stepPath(path, v, selection.steps().size()), v.lhs(),
                    "which violates " + v.inequality() + ": " + v.lhs() + " > " + v.rhs() + " + slack " + v.slack());
        }
        if (recorded.holds().equals(Optional.of(false))) {
            findings.add(at + ".holds", false, "and a report whose certificate failed fails verification");
        }
        return c;
    }

    /** A layer whose certificate does not apply must not claim one. */
    static void checkAbsent(String path, PruneReport.Layer layer, String why, Findings findings) {
        PruneReport.Certificate recorded = layer.certificate();
        String at = path + ".certificate";
        if (recorded.applies()) {
            findings.add(at + ".applies", true, "but " + why);
        }
        if (recorded.holds().isPresent() || recorded.bounds().isPresent() || recorded.violations().isPresent()) {
            findings.add(at, "a verdict", "but no certificate applies: " + why);
        }
        if (recorded.why().isEmpty()) {
            findings.add(at + ".why", "nothing", "a certificate that does not apply says why");
        }
    }

    /** The field a violation is about: lossBefore for the record's chain, finalLoss past the last step, else lossAfter. */
    private static String stepPath(String path, Violation v, int steps) {
        if (v.step() >= steps || v.step() < 0) {
            return path + ".selection.finalLoss";
        }
        String field = v.inequality().startsWith("record:") ? "lossBefore" : "lossAfter";
        return path + ".selection.steps[" + v.step() + "]." + field;
    }
}
