package io.winnow.proofs;

import io.winnow.report.PruneReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunCertificatesTest {

    /** A report with one optimizeGamma layer imitating {@code target}, its certificate not yet attached. */
    private static PruneReport report(String target) {
        var selection = new PruneReport.Selection("optimizeGamma", 4, 10, Optional.empty(), 2.0, 1.0, 1.0, 1.0,
                "COUNT", "NOT_RUN", Optional.empty(), List.of(), target, List.of());
        var layer = new PruneReport.Layer(0, List.of("a"), "localImitation().optimizeGamma()", 4, 4,
                List.of(0, 1, 2, 3), List.of(1.0, 1.0, 1.0, 1.0), Optional.of(selection), "local", Optional.empty(),
                Optional.empty(), null);
        var eval = new PruneReport.Evaluation("test", 1, 0, 1);
        return new PruneReport(PruneReport.FORMAT, new PruneReport.RecipeSource("r", "h", "t"), 0,
                new PruneReport.DataSource("d", 1, 1, 1, Optional.empty(), Optional.empty()), new PruneReport.ModelSource("m", "{}", Map.of(), Optional.empty()),
                new PruneReport.Size(1, 1, 1, 1, 1, List.of()), List.of(layer),
                new PruneReport.Accuracy(eval, eval, Optional.empty()), null, null, new PruneReport.Timings(0, 0, 0, 0, 0), Optional.empty());
    }

    @Test
    void aLayerImitatingTheOriginalNetworksActivationsIsNotCertified() {
        RunCertificates.Attached attached = RunCertificates.attach(report("originalActivations"));
        assertThat(attached.outcome().uncertifiedLayers()).isEqualTo(1);
        assertThat(attached.outcome().certificates()).isEmpty();
        PruneReport.Certificate certificate = attached.report().layers().get(0).certificate();
        assertThat(certificate.applies()).isFalse();
        assertThat(certificate.why()).hasValueSatisfying(why -> assertThat(why).contains("originalActivations"));
    }

    @Test
    void layersWithTheDefaultTargetAreCertified() {
        RunCertificates.Attached attached = RunCertificates.attach(report("sameInput"));
        assertThat(attached.outcome().uncertifiedLayers()).isZero();
        assertThat(attached.report().layers().get(0).certificate().applies()).isTrue();
    }

    @Test
    void attachingFillsEveryCertificateAndChangesNothingElse() {
        PruneReport report = report("sameInput");
        PruneReport attached = RunCertificates.attach(report).report();
        assertThat(attached.withLayers(report.layers())).isEqualTo(report);
        assertThat(attached.layers()).allSatisfy(l -> assertThat(l.certificate()).isNotNull());
    }
}
