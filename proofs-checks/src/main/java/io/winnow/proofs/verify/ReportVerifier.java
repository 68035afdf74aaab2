package io.winnow.proofs.verify;

import io.winnow.dsl.network.Architecture;
import io.winnow.report.PruneReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code winnow verify}'s offline mode: re-derives every verdict of a report.json from the record
 * itself, its recipe text and the pruned model's files beside it, and never trusts a recorded one.
 * It needs neither the original model nor the data, and does not start TensorFlow (it uses only the
 * report's records, the DSL, the selection maths and the architecture reader).
 *
 * <p>What it proves: the labels come from the recipe's plan; each greedy record obeys its rule and
 * replays to the kept channels and multipliers; each certificate and the Theorem 4 verdicts follow
 * from the recorded numbers; params, FLOPs and widths are those of the two architectures; the model
 * beside the report is the one it describes. What it cannot prove: that the recorded losses,
 * margins and Theorem 4 terms were measured on the named model and data, or the accuracies; a full
 * mode given the original model and the data re-measures those.
 */
public final class ReportVerifier {

    private ReportVerifier() {
    }

    /**
     * @param outDir the directory holding the pruned model and the report
     * @param report the report, read by {@link io.winnow.report.ReportCodec}
     */
    public static Verification verify(Path outDir, PruneReport report) {
        Findings findings = new Findings();
        List<String> derived = new ArrayList<>();
        Optional<Architecture> original = PlanLabels.original(report, findings);
        Optional<List<PlanLabels.Labels>> plan = PlanLabels.of(report, original, findings);
        derived.add(plan.isPresent()
                ? "recipe: hash recomputed, plan compiled against the original architecture, "
                + plan.get().size() + " layer(s) labelled from it"
                : "recipe: no plan could be compiled");

        LayerChecks.Counts counts = LayerChecks.check(report, plan, findings);
        derived.add(Findings.format("layers: %d checked, %d step(s) replayed, kept channels and multipliers "
                + "recomputed", counts.layers(), counts.replayedSteps()));
        derived.add(Findings.format("certificates: %d recomputed over %d step(s)", counts.certificates(),
                counts.certificateSteps()));

        int samples = Theorem4Recheck.check(report, findings);
        derived.add("Theorem 4: " + samples + " sample verdict(s), slacks, means and tightness recomputed");

        Optional<Architecture> pruned = ModelFiles.pruned(outDir, findings);
        if (original.isPresent() && pruned.isPresent()) {
            ModelFiles.size(report, original.get(), pruned.get(), findings);
            derived.add(Findings.format("size: params %d -> %d, FLOPs %d -> %d recomputed from both architectures",
                    original.get().totalParams(), pruned.get().totalParams(), original.get().totalFlops(),
                    pruned.get().totalFlops()));
        }
        int files = ModelFiles.digests(outDir, report, findings);
        derived.add("digests: " + files + " model file(s) beside the report hashed");

        accuracy(report, findings);
        return new Verification(findings.all(), derived);
    }

    /**
     * The record checks alone, for a report not yet on disk (no model files to hash, no Theorem 4
     * record needed): the plan's labels, every layer's rule replayed to its kept channels and
     * multipliers, and the certificates recomputed.
     */
    public static List<Finding> records(PruneReport report) {
        Findings findings = new Findings();
        Optional<Architecture> original = PlanLabels.original(report, findings);
        LayerChecks.check(report, PlanLabels.of(report, original, findings), findings);
        return findings.all();
    }

    /**
     * What offline can say of the accuracies: top-1 is a count over the split, so accuracy * samples is
     * a whole number in [0, samples]. Whether the count is right needs the model and the data.
     */
    private static void accuracy(PruneReport report, Findings findings) {
        check("$.accuracy.original", report.accuracy().original(), findings);
        check("$.accuracy.afterSelection", report.accuracy().afterSelection(), findings);
        report.accuracy().afterFinetune().ifPresent(e -> check("$.accuracy.afterFinetune", e, findings));
    }

    private static void check(String path, PruneReport.Evaluation e, Findings findings) {
        double correct = e.accuracy() * e.samples();
        if (e.samples() <= 0 || !(e.accuracy() >= 0 && e.accuracy() <= 1)
                || Math.abs(correct - Math.rint(correct)) > 1e-6) {
            findings.add(path + ".accuracy", e.accuracy() + " on " + e.samples() + " sample(s)",
                    "top-1 is a count of correct samples over the split, k / samples with k whole");
        }
        if (e.loss() < 0) {
            findings.add(path + ".loss", e.loss(), "a cross-entropy is >= 0");
        }
    }
}
