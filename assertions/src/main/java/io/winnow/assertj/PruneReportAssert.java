package io.winnow.assertj;

import io.winnow.proofs.verify.Finding;
import io.winnow.proofs.verify.ReportVerifier;
import io.winnow.proofs.verify.Verification;
import io.winnow.report.PruneReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions over one pruning run's report. Verdicts are recomputed by {@link ReportVerifier} (the
 * code behind {@code winnow verify}), never read from the recorded booleans, so an edited report
 * cannot pass {@link #allCertificatesHold()}, {@link #theorem4Holds()} or {@link #verifies()}.
 * Budgets ({@link #flopsFractionAtMost}, {@link #accuracyDropAtMost}) read the recorded numbers, which
 * verify re-derives where it can (sizes from the model files) and full mode re-measures.
 */
public class PruneReportAssert extends AbstractAssert<PruneReportAssert, ReportOnDisk> {

    /** Findings shown in one failure message; the rest are counted. */
    static final int SHOWN = 10;

    private static final Pattern LAYER_PATH = Pattern.compile("^\\$\\.layers\\[(\\d+)]");

    private Verification verification;

    public PruneReportAssert(ReportOnDisk actual) {
        super(actual, PruneReportAssert.class);
    }

    /** Every finding of offline verification: the whole report re-derived, files beside it included. */
    public PruneReportAssert verifies() {
        isNotNull();
        failOn("to verify offline", f -> true);
        return myself;
    }

    /**
     * Every certified layer's bound certificate recomputed from its steps holds and agrees with the
     * record, along with the plan's labels and the step replay it rests on (docs/theory.md 3.5).
     */
    public PruneReportAssert allCertificatesHold() {
        isNotNull();
        failOn("every layer's bound certificate to hold when recomputed", f -> f.path().startsWith("$.layers[")
                && !f.path().matches("^\\$\\.layers\\[\\d+]\\.width(Before|After).*")
                || f.path().startsWith("$.recipe"));
        return myself;
    }

    /** Theorem 4's verdict on every calibration sample, recomputed: lhs <= rhs + slack (docs/theory.md 4). */
    public PruneReportAssert theorem4Holds() {
        isNotNull();
        PruneReport.Theorem4 t = actual.report().theorem4();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < t.lhs().size() && i < t.rhs().size() && i < t.slack().size(); i++) {
            if (!(t.lhs().get(i) <= t.rhs().get(i) + t.slack().get(i))) {
                lines.add(String.format(Locale.ROOT, "calibration sample %d: ||F^(x) - F(x)|| = %s > bound %s + slack %s",
                        i, t.lhs().get(i), t.rhs().get(i), t.slack().get(i)));
            }
        }
        verification().findings().stream().filter(f -> f.path().startsWith("$.theorem4")).map(Finding::line)
                .forEach(lines::add);
        fail("Theorem 4 to hold on every calibration sample", lines);
        return myself;
    }

    /** flopsAfter / flopsBefore at most {@code fraction}; where the model files are beside the report, sizes verify. */
    public PruneReportAssert flopsFractionAtMost(double fraction) {
        isNotNull();
        PruneReport.Size size = actual.report().size();
        if (!(size.flopsFraction() <= fraction)) {
            failWithMessage("%nExpecting the FLOPs fraction of%n  %s%nto be at most%n  %s%nbut was%n  %s (flopsAfter %s / "
                    + "flopsBefore %s)", actual, fraction, size.flopsFraction(), size.flopsAfter(), size.flopsBefore());
        }
        if (actual.directory().isPresent()) {
            failOn("its sizes to be those of the model files beside it", f -> f.path().startsWith("$.size"));
        }
        return myself;
    }

    /**
     * The original's top-1 minus the pruned model's (after the final finetune, or after selection
     * where the recipe has none) at most {@code drop}, on the test split.
     */
    public PruneReportAssert accuracyDropAtMost(double drop) {
        isNotNull();
        PruneReport.Accuracy a = actual.report().accuracy();
        PruneReport.Evaluation last = a.afterFinetune().orElse(a.afterSelection());
        double lost = a.original().accuracy() - last.accuracy();
        if (!(lost <= drop)) {
            failWithMessage("%nExpecting the accuracy drop of%n  %s%nto be at most%n  %s%nbut was%n  %s (top-1 %s -> %s "
                    + "%s on %s %s samples)", actual, drop, lost, a.original().accuracy(), last.accuracy(),
                    a.afterFinetune().isPresent() ? "after finetune" : "after selection", last.samples(), last.split());
        }
        return myself;
    }

    /**
     * Two runs of the same recipe, model, data and seed give equal reports apart from timings and
     * latency (docs/report.md): every other field, JSON path by JSON path.
     */
    public PruneReportAssert isReproducedBy(ReportOnDisk other) {
        isNotNull();
        List<String> differences = ReportDifference.of(actual.report(), other.report());
        if (!differences.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto be reproduced by%n  %s%n(timings and latency aside), but %d field(s) "
                    + "differ:%n%s", actual, other, differences.size(), shown(differences));
        }
        return myself;
    }

    /** The same, for a report read by {@link PruneReportFiles#read} or held in memory. */
    public PruneReportAssert isReproducedBy(PruneReport other) {
        return isReproducedBy(PruneReportFiles.of(other));
    }

    /** Assertions on one pruned group, by its name ("conv2") or a layer of it; fails if there is none. */
    public LayerAssert layer(String name) {
        isNotNull();
        var layer = actual.layer(name);
        if (layer.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto have pruned a layer named%n  %s%nbut its layers are%n  %s", actual,
                    name, actual.report().layers().stream().map(PruneReport.Layer::name).toList());
        }
        return new LayerAssert(layer.get());
    }

    /** The offline verification, computed once per assertion object. */
    Verification verification() {
        if (verification == null) {
            Path dir = actual.directory().orElseGet(() -> Path.of("").toAbsolutePath().resolve(".winnow-no-directory"));
            Verification all = ReportVerifier.verify(dir, actual.report());
            verification = actual.directory().isPresent() ? all : new Verification(all.findings().stream()
                    .filter(f -> !f.path().startsWith("$.digests") && !f.path().startsWith("$.size"))
                    .toList(), all.derived());
        }
        return verification;
    }

    private void failOn(String expectation, Predicate<Finding> which) {
        fail(expectation, verification().findings().stream().filter(which).map(Finding::line).toList());
    }

    private void fail(String expectation, List<String> lines) {
        if (!lines.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%n%s, but %d finding(s):%n%s", actual, expectation, lines.size(),
                    shown(lines.stream().map(this::namingLayer).toList()));
        }
    }

    /** {@code $.layers[1].x: ...} becomes {@code layer conv2: $.layers[1].x: ...}. */
    private String namingLayer(String line) {
        Matcher m = LAYER_PATH.matcher(line);
        if (m.find()) {
            int i = Integer.parseInt(m.group(1));
            if (i < actual.report().layers().size()) {
                return "layer " + actual.report().layers().get(i).name() + ": " + line;
            }
        }
        return line;
    }

    static String shown(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.stream().limit(SHOWN).forEach(l -> text.append("  ").append(l).append(System.lineSeparator()));
        if (lines.size() > SHOWN) {
            text.append("  ... and ").append(lines.size() - SHOWN).append(" more").append(System.lineSeparator());
        }
        return text.toString().stripTrailing();
    }
}
