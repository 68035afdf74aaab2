package io.winnow.assertj;

import io.winnow.PruneResult;

/**
 * Assertions on a run held in memory, before or without saving it; needs winnow-tf-backend on the
 * class path. Checks that need the model files beside the report (digests, sizes) apply once it is
 * saved: {@code WinnowAssertions.assertThat(PruneReportFiles.read(result.save(dir)))}.
 */
public final class PruneResultAssertions {

    private PruneResultAssertions() {
    }

    public static PruneReportAssert assertThat(PruneResult actual) {
        return new PruneReportAssert(actual == null ? null : PruneReportFiles.of(actual.report()));
    }
}
