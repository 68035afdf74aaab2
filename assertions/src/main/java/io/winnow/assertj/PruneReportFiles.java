package io.winnow.assertj;

import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a report.json for assertions, with the codec that {@code winnow verify} reads it with. */
public final class PruneReportFiles {

    private PruneReportFiles() {
    }

    /**
     * @param path an output directory written by {@code winnow prune} or {@code PruneResult.save}, or
     *             its report.json
     * @throws io.winnow.report.ReportFormatException when the file is not a readable winnow-report/3
     */
    public static ReportOnDisk read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(PruneReport.Digests.REPORT_FILE) : path;
        Path directory = file.toAbsolutePath().getParent();
        return new ReportOnDisk(ReportCodec.read(file), Optional.of(directory));
    }

    /** A report in memory, with no model files beside it: file digests and sizes cannot be checked. */
    public static ReportOnDisk of(PruneReport report) {
        return new ReportOnDisk(report, Optional.empty());
    }
}
