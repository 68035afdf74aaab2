package com.example.pruning;

import static io.winnow.assertj.WinnowAssertions.assertThat;

import io.winnow.assertj.PruneReportFiles;
import io.winnow.assertj.ReportTests;
import io.winnow.assertj.ReportOnDisk;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What this team requires of the pruned model it ships: the bounds hold, and the budget is kept. */
class PrunedModelTest {

    private static final Path PRUNED = Path.of(System.getProperty("winnow.report", "pruned"));

    @Test
    void everyBoundHoldsWhenRecomputed() {
        assertThat(PruneReportFiles.read(PRUNED)).allCertificatesHold().theorem4Holds();
    }

    @Test
    void theModelIsSmallerWithoutLosingAccuracy() {
        ReportOnDisk run = PruneReportFiles.read(PRUNED);
        assertThat(run).flopsFractionAtMost(0.9).accuracyDropAtMost(0.05)
                .layer("fc1").keptAtMost(32);
    }

    @TestFactory
    Stream<DynamicTest> everyReportVerifiesOffline() {
        return ReportTests.verifyAll(PRUNED);
    }
}
