package io.winnow.proofs.verify;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.report.FileDigests;
import io.winnow.report.PruneReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The files beside the report: the pruned model's digests against {@code $.digests.prunedModel}
 * (a report put beside another model fails) and their total against {@code $.digests.prunedModelBytes}
 * where recorded, and params, FLOPs and widths recomputed from the
 * original architecture ({@code $.model.architecture}) and the pruned one
 * ({@code assets/architecture.json} beside the report, itself covered by the digests).
 */
final class ModelFiles {

    /** Where a Winnow model keeps its architecture (the same path ModelStore writes). */
    static final String ARCHITECTURE = "assets/architecture.json";

    private ModelFiles() {
    }

    /**
     * Files of the output directory that are not the model's: the report's own (report.json,
     * report.html, and report-*.png, the plots Winnow wrote beside report.html before the page
     * carried its charts inline) and dot-files such as an output marker.
     */
    static boolean isModelFile(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        boolean dotted = relative.startsWith(".") || relative.contains("/.");
        boolean report = !relative.contains("/") && (name.equals("report.json") || name.equals("report.html")
                || (name.startsWith("report-") && name.endsWith(".png")));
        return !dotted && !report;
    }

    /** Returns the number of files digested. */
    static int digests(Path outDir, PruneReport report, Findings findings) {
        SortedMap<String, String> actual;
        try {
            actual = FileDigests.of(outDir, ModelFiles::isModelFile);
        } catch (RuntimeException e) {
            findings.add("$.digests.prunedModel", "digests", "and the directory cannot be read: " + e.getMessage());
            return 0;
        }
        Map<String, String> recorded = report.digests().prunedModel();
        for (var e : recorded.entrySet()) {
            String at = "$.digests.prunedModel[\"" + e.getKey() + "\"]";
            String digest = actual.get(e.getKey());
            if (digest == null) {
                findings.add(at, e.getValue(), "but " + outDir.resolve(e.getKey()) + " is missing");
            } else if (!digest.equals(e.getValue())) {
                findings.add(at, e.getValue(), "the file beside the report has SHA-256 " + digest);
            }
        }
        Set<String> unrecorded = new HashSet<>(actual.keySet());
        unrecorded.removeAll(recorded.keySet());
        unrecorded.stream().sorted().forEach(file -> findings.add("$.digests.prunedModel", "no \"" + file + "\"",
                "but the model beside the report has that file (SHA-256 " + actual.get(file) + ")"));
        report.digests().prunedModelBytes().ifPresent(bytes -> findings.expect("$.digests.prunedModelBytes", bytes,
                FileDigests.bytes(outDir, ModelFiles::isModelFile), "the model's files beside the report total"));
        if (!recorded.containsKey(ARCHITECTURE)) {
            findings.add("$.digests.prunedModel", "no \"" + ARCHITECTURE + "\"", "every Winnow model has one");
        }
        String original = report.model().files().get(ARCHITECTURE);
        if (original != null) {
            findings.expect("$.model.files[\"" + ARCHITECTURE + "\"]", original,
                    FileDigests.of(report.model().architecture().getBytes(StandardCharsets.UTF_8)),
                    "the SHA-256 of $.model.architecture is");
        }
        return actual.size();
    }

    /** The pruned architecture beside the report, or empty with a finding. */
    static Optional<Architecture> pruned(Path outDir, Findings findings) {
        Path file = outDir.resolve(ARCHITECTURE);
        try {
            return Optional.of(io.winnow.report.ArchitectureJson.read(Files.readString(file, StandardCharsets.UTF_8),
                    file.toString()));
        } catch (IOException | RuntimeException e) {
            findings.add("$.size", "sizes of a pruned model", "but " + file + " cannot be read as one: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** params, FLOPs and every width from the two architectures. */
    static void size(PruneReport report, Architecture original, Architecture pruned, Findings findings) {
        PruneReport.Size size = report.size();
        String orig = "the original architecture ($.model.architecture) has";
        String small = "the pruned model's " + ARCHITECTURE + " has";
        findings.expect("$.size.paramsBefore", size.paramsBefore(), original.totalParams(), orig);
        findings.expect("$.size.flopsBefore", size.flopsBefore(), original.totalFlops(), orig);
        findings.expect("$.size.paramsAfter", size.paramsAfter(), pruned.totalParams(), small);
        findings.expect("$.size.flopsAfter", size.flopsAfter(), pruned.totalFlops(), small);
        findings.exact("$.size.flopsFraction", size.flopsFraction(),
                (double) pruned.totalFlops() / original.totalFlops(), "flopsAfter / flopsBefore is");
        if (!pruned.equals(original.withWidths(pruned.widths()))) {
            findings.add("$.model.architecture", "the original of the model beside the report",
                    "but the pruned model differs from it in more than widths");
        }
        var widths = original.layers().filter(Architecture::hasNeurons).toJavaList();
        if (size.widths().size() != widths.size()) {
            findings.add("$.size.widths", size.widths().size() + " layer(s)", orig + " " + widths.size()
                    + " layers with neurons");
        }
        for (int i = 0; i < Math.min(widths.size(), size.widths().size()); i++) {
            Layer layer = widths.get(i);
            PruneReport.Width w = size.widths().get(i);
            String at = "$.size.widths[" + i + "]";
            findings.expect(at + ".layer", w.layer(), layer.name(), orig + " in this place");
            findings.expect(at + ".before", w.before(), Architecture.widthOf(layer), orig);
            findings.expect(at + ".after", w.after(), pruned.layer(layer.name()).map(Architecture::widthOf).getOrElse(-1),
                    small);
        }
        Set<String> selected = new HashSet<>();
        report.layers().forEach(l -> selected.addAll(l.layers()));
        for (Layer layer : widths) {
            int after = pruned.layer(layer.name()).map(Architecture::widthOf).getOrElse(-1);
            if (after != Architecture.widthOf(layer) && !selected.contains(layer.name())) {
                findings.add("$.layers", "no layer " + layer.name(), "but the model beside the report has it "
                        + Architecture.widthOf(layer) + " -> " + after + " channels wide");
            }
        }
        for (int i = 0; i < report.layers().size(); i++) {
            PruneReport.Layer l = report.layers().get(i);
            for (String name : l.layers()) {
                findings.expect("$.layers[" + i + "].widthBefore", l.widthBefore(),
                        original.layer(name).map(Architecture::widthOf).getOrElse(-1), orig + " for " + name);
                findings.expect("$.layers[" + i + "].widthAfter", l.widthAfter(),
                        pruned.layer(name).map(Architecture::widthOf).getOrElse(-1), small + " for " + name);
            }
        }
    }
}
