package io.winnow.assertj;

import io.winnow.report.PruneReport;

/**
 * Entry points: {@code assertThat(PruneReportFiles.read(dir)).allCertificatesHold().theorem4Holds()}.
 * A run held in memory ({@code PruneResult}) has its own entry point in {@link PruneResultAssertions},
 * so that checking reports needs no TensorFlow on the class path.
 */
public class WinnowAssertions {

    protected WinnowAssertions() {
    }

    public static PruneReportAssert assertThat(ReportOnDisk actual) {
        return new PruneReportAssert(actual);
    }

    /** A report in memory: every check that needs no model file beside it. */
    public static PruneReportAssert assertThat(PruneReport actual) {
        return new PruneReportAssert(actual == null ? null : PruneReportFiles.of(actual));
    }

    public static LayerAssert assertThat(PruneReport.Layer actual) {
        return new LayerAssert(actual);
    }
}
