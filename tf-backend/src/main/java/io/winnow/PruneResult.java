package io.winnow;

import io.vavr.collection.List;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.proofs.report.RunReport;
import io.winnow.report.FileDigests;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.prune.PruneJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished pruning run: the smaller model, its report (with every bound certificate and the
 * Theorem 4 check filled in), and what the checks found. Nothing is on disk until {@link #save}.
 *
 * @param original         the model that was pruned
 * @param run              the run itself: plan, data splits, per-layer records, accuracies, timings
 * @param report           report.json's content, without the pruned model's file digests (added on save)
 * @param certificates     the bound certificate of every certified layer, and their violations
 * @param theorem4         Theorem 4 on the calibration samples
 * @param theorem4Seconds  how long the Theorem 4 check took
 */
public record PruneResult(WinnowModel original, PruneJob.Outcome run, PruneReport report,
                          RunCertificates.Outcome certificates, Theorem4Result theorem4, double theorem4Seconds) {

    /** Room for report.json and report.html beside the pruned model. */
    public static final long REPORT_BYTES = 32L << 20;

    /** The pruned architecture: narrower layers, same structure. */
    public Architecture architecture() {
        return run.pruned().architecture();
    }

    /** The pruned weights, with every layer's mixing folded in. */
    public ModelWeights weights() {
        return run.pruned().weights();
    }

    /** Bound checks that failed: certificate violations plus Theorem 4 violations. */
    public int failedChecks() {
        return certificates.violations().size() + theorem4.violations().size();
    }

    /** True when every certificate holds and Theorem 4 holds on every calibration sample. */
    public boolean checksPassed() {
        return failedChecks() == 0;
    }

    /** One line per failed check (Theorem 4: the first {@code limit} samples), for logs and CI output. */
    public List<String> violationLines(int limit) {
        return List.ofAll(certificates.violations()).map(Object::toString)
                .appendAll(theorem4.violations().take(limit).map(v -> "Theorem 4 violated on calibration sample "
                        + v.sample() + ": ||F^(x) - F(x)|| = " + v.lhs() + " > bound " + v.rhs() + " + slack "
                        + v.slack()));
    }

    /**
     * Writes the pruned model, report.json and report.html into {@code out}, all at once: a new
     * directory, never an existing one (use {@link #save(OutputTarget)} with a claimed target to
     * replace an earlier output).
     *
     * @throws ChecksFailedException when the recipe says {@code verify()} and a bound check failed
     */
    public Path save(Path out) {
        try (OutputTarget target = Outputs.claim(out, ModelStore.KIND, false, java.util.List.of(original.directory()),
                Outputs.sizeOf(original.directory()) + REPORT_BYTES)) {
            save(target);
        }
        return out;
    }

    /**
     * Writes the pruned model as an ONNX file (docs/models.md, "ONNX export"): a new file, never an
     * existing one. No report goes with it; {@link #save(Path)} writes the report.
     */
    public Path exportOnnx(Path file) {
        io.winnow.tf.onnx.OnnxExport.write(architecture(), weights(), file, false, java.util.List.of(original.directory()));
        return file;
    }

    /**
     * Writes into a target claimed before the run ({@link Outputs#claim}): the model, report.json and
     * report.html are staged together and moved into place in one step, or not at all.
     *
     * @return the report's files by name: report.json and report.html (its charts inline)
     * @throws ChecksFailedException when the recipe says {@code verify()} and a bound check failed
     */
    public Map<String, byte[]> save(OutputTarget target) {
        if (!checksPassed() && run.plan().recipe().verifies()) {
            throw new ChecksFailedException(failedChecks() + " bound check(s) failed and the recipe says verify(): "
                    + "nothing was written");
        }
        try (Staging staging = target.stage()) {
            ModelStore.write(staging, architecture(), weights());
            Map<String, byte[]> files = reportFiles(staging.directory());
            files.forEach(staging::write);
            staging.commit();
            return files;
        }
    }

    /**
     * report.json and report.html for the pruned model staged in {@code staged}: the
     * report records the digest of each of the model's files there, as they will be in the output.
     */
    private Map<String, byte[]> reportFiles(Path staged) {
        PruneReport withDigests = report.withDigests(new PruneReport.Digests(
                FileDigests.of(staged, PruneReport.Digests::covers), report.digests().selectedWeights(),
                java.util.Optional.of(FileDigests.bytes(staged, PruneReport.Digests::covers))));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PruneReport.Digests.REPORT_FILE, ReportCodec.write(withDigests).getBytes(StandardCharsets.UTF_8));
        try {
            files.put(RunReport.HTML, RunReport.html(withDigests));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the report's charts: " + e.getMessage(), e);
        }
        return files;
    }

    /** A recipe that says {@code verify()} refuses to save a model whose bound checks failed. */
    public static final class ChecksFailedException extends IllegalStateException {
        public ChecksFailedException(String message) {
            super(message);
        }
    }
}
