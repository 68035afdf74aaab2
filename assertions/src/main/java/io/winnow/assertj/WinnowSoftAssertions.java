package io.winnow.assertj;

import io.winnow.report.PruneReport;
import org.assertj.core.api.SoftAssertions;

/**
 * Soft assertions over reports: every failure is collected and reported together at
 * {@code assertAll()}. {@link PruneReportAssert#layer} returns a plain (not soft) assertion; in soft
 * mode assert on a layer with {@code softly.assertThat(report.layer("conv2").orElseThrow())}.
 */
public class WinnowSoftAssertions extends SoftAssertions {

    public PruneReportAssert assertThat(ReportOnDisk actual) {
        return proxy(PruneReportAssert.class, ReportOnDisk.class, actual);
    }

    public LayerAssert assertThat(PruneReport.Layer actual) {
        return proxy(LayerAssert.class, PruneReport.Layer.class, actual);
    }
}
