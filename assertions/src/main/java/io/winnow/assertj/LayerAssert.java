package io.winnow.assertj;

import io.winnow.report.PruneReport;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one pruned group of a report: its width, its selection's loss, its certificate as recorded. */
public class LayerAssert extends AbstractAssert<LayerAssert, PruneReport.Layer> {

    public LayerAssert(PruneReport.Layer actual) {
        super(actual, LayerAssert.class);
    }

    /** At most {@code channels} channels kept (widthAfter). */
    public LayerAssert keptAtMost(int channels) {
        isNotNull();
        if (actual.widthAfter() > channels) {
            failWithMessage("%nExpecting layer %s to keep at most%n  %s channel(s)%nbut it kept%n  %s of %s: %s",
                    actual.name(), channels, actual.widthAfter(), actual.widthBefore(), actual.kept());
        }
        return myself;
    }

    /** At least {@code channels} channels kept. */
    public LayerAssert keptAtLeast(int channels) {
        isNotNull();
        if (actual.widthAfter() < channels) {
            failWithMessage("%nExpecting layer %s to keep at least%n  %s channel(s)%nbut it kept%n  %s of %s",
                    actual.name(), channels, actual.widthAfter(), actual.widthBefore());
        }
        return myself;
    }

    /**
     * The selection's final imitation loss L (docs/theory.md section 2) at most {@code loss}; fails
     * for a layer without a greedy selection record.
     */
    public LayerAssert lossAtMost(double loss) {
        isNotNull();
        if (actual.selection().isEmpty()) {
            failWithMessage("%nExpecting layer %s to have a selection loss at most%n  %s%nbut it records no greedy "
                    + "selection (stage %s)", actual.name(), loss, actual.stage());
        }
        PruneReport.Selection s = actual.selection().get();
        if (!(s.finalLoss() <= loss)) {
            failWithMessage("%nExpecting layer %s's final loss L to be at most%n  %s%nbut was%n  %s (L(empty) %s, L_0 %s, "
                    + "after %d step(s))", actual.name(), loss, s.finalLoss(), s.emptyLoss(), s.initialLoss(),
                    s.steps().size());
        }
        return myself;
    }

    /**
     * The recorded certificate applies and holds. This reads the record; {@link
     * PruneReportAssert#allCertificatesHold()} recomputes every certificate.
     */
    public LayerAssert certificateHolds() {
        isNotNull();
        PruneReport.Certificate c = actual.certificate();
        if (!c.applies()) {
            failWithMessage("%nExpecting layer %s's bound certificate to hold%nbut none applies: %s", actual.name(),
                    c.why().orElse("(no reason recorded)"));
        }
        if (!c.holds().orElse(false)) {
            failWithMessage("%nExpecting layer %s's bound certificate to hold%nbut it records violations:%n  %s",
                    actual.name(), c.violations().orElse(java.util.List.of()));
        }
        return myself;
    }
}
