package io.winnow.assertj;

import io.winnow.report.PruneReport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A report and where it lies: the directory holding report.json and the pruned model it describes,
 * when it was read from disk. Verification needs the directory to hash the model files; a report
 * held in memory (a run not saved yet) has none, and only the checks that need no file apply to it.
 *
 * @param report    the report, as {@link io.winnow.report.ReportCodec} read it
 * @param directory the output directory, or empty for a report not on disk
 */
public record ReportOnDisk(PruneReport report, Optional<Path> directory) {

    /** "recipes/x.recipe on models/mlp": how messages and test names call a run. */
    public String describe() {
        return report.recipe().file() + " on " + report.model().source();
    }

    /** The group named {@code name} ("conv2", or "b1_conv2+b2_conv2"), or one of whose layers it is. */
    public Optional<PruneReport.Layer> layer(String name) {
        return report.layers().stream().filter(l -> l.name().equals(name)).findFirst()
                .or(() -> report.layers().stream().filter(l -> l.layers().contains(name)).findFirst());
    }

    @Override
    public String toString() {
        return directory.map(d -> d.resolve(PruneReport.Digests.REPORT_FILE) + " (" + describe() + ")")
                .orElse("the report of " + describe());
    }
}
