package io.winnow.proofs;

import io.winnow.engine.select.SelectionStep;
import io.winnow.report.PruneReport;
import java.util.Arrays;
import java.util.Optional;

/** The one translation of a face step between the engine's record and report.json's. */
public final class ReportSteps {

    private ReportSteps() {
    }

    /** The engine's face, as report.json records it. */
    public static Optional<PruneReport.Face> toReport(Optional<SelectionStep.Face> face) {
        return face.map(f -> new PruneReport.Face(Arrays.stream(f.neurons()).boxed().toList(),
                Arrays.stream(f.weights()).boxed().toList()));
    }

    /**
     * report.json's face as the engine's, for replay; empty also when the record is malformed
     * (lengths differ, no neuron), which the replay then reports.
     */
    public static Optional<SelectionStep.Face> toEngine(Optional<PruneReport.Face> face) {
        return face.filter(f -> f.neurons().size() == f.weights().size() && !f.neurons().isEmpty())
                .map(f -> new SelectionStep.Face(f.neurons().stream().mapToInt(Integer::intValue).toArray(),
                        f.weights().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** A report step as the certificate and replay code read it, with r_k and D_k as given. */
    public static SelectionStep toEngine(PruneReport.Step s, double margin, double diameter) {
        return new SelectionStep(s.k(), s.neuron(), s.gamma(), s.lossBefore(), s.lossAfter(), margin, diameter,
                s.away(), s.support(), s.polish(), toEngine(s.face()));
    }
}
