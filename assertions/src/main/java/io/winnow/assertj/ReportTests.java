package io.winnow.assertj;

import io.winnow.proofs.verify.Finding;
import io.winnow.proofs.verify.ReportVerifier;
import io.winnow.proofs.verify.Verification;
import io.winnow.report.PruneReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * For a JUnit 5 {@code @TestFactory}: one dynamic test per report.json under a directory, each running
 * the full offline verification of {@code winnow verify}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> everyPrunedModelVerifies() {
 *     return ReportTests.verifyAll(Path.of("models/pruned"));
 * }
 * }</pre>
 */
public final class ReportTests {

    private ReportTests() {
    }

    /**
     * One test per report.json under {@code directory}, in path order, named "recipe on model
     * (relative/dir)". A directory without any report gives one failing test: a check of nothing
     * would otherwise pass.
     */
    public static Stream<DynamicTest> verifyAll(Path directory) {
        List<Path> reports;
        try (Stream<Path> walk = Files.walk(directory)) {
            reports = walk.filter(p -> p.getFileName().toString().equals(PruneReport.Digests.REPORT_FILE))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(directory + ": cannot list: " + e.getMessage(), e);
        }
        if (reports.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("no report.json under " + directory, () -> {
                throw new AssertionFailedError("no report.json under " + directory + ": nothing was verified");
            }));
        }
        return reports.stream().map(file -> test(directory, file));
    }

    private static DynamicTest test(Path root, Path file) {
        ReportOnDisk report = PruneReportFiles.read(file);
        Path where = root.relativize(file.getParent());
        String name = report.describe() + " (" + (where.toString().isEmpty() ? "." : where) + ")";
        return DynamicTest.dynamicTest(name, file.toUri(), () -> {
            Verification v = ReportVerifier.verify(report.directory().orElseThrow(), report.report());
            if (!v.ok()) {
                throw new AssertionFailedError(file + " does not verify, " + v.findings().size() + " finding(s):"
                        + System.lineSeparator() + PruneReportAssert.shown(v.findings().stream().map(Finding::line)
                        .toList()));
            }
        });
    }
}
