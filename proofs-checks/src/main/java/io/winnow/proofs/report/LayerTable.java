package io.winnow.proofs.report;

import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.LayerCost;
import io.winnow.report.ArchitectureJson;
import io.winnow.report.ModelFormatException;
import io.winnow.report.PruneReport;
import java.util.ArrayList;
import java.util.List;

/**
 * report.html's per-layer table: every layer with parameters, its width, params and FLOPs in the
 * original and in the pruned model. The pruned architecture is not in report.json; it is the
 * original's ({@code model.architecture}) with the recorded widths applied ({@code size.widths}),
 * and its totals are checked against {@code size.paramsAfter} and {@code size.flopsAfter}.
 */
final class LayerTable {

    private LayerTable() {
    }

    static void add(ReportDocument doc, PruneReport report) {
        doc.heading(2, "Layers");
        Architecture original;
        try {
            original = ArchitectureJson.read(report.model().architecture(), "report.json $.model.architecture");
        } catch (ModelFormatException e) {
            doc.paragraph("No per-layer table: " + e.getMessage());
            return;
        }
        Map<String, Integer> widths = HashMap.empty();
        for (PruneReport.Width w : report.size().widths()) {
            widths = widths.put(w.layer(), w.after());
        }
        Architecture pruned;
        try {
            pruned = original.withWidths(widths);
        } catch (IllegalArgumentException e) {
            doc.paragraph("No per-layer table: the recorded widths do not fit the original architecture: " + e.getMessage());
            return;
        }
        List<List<String>> rows = rows(original, pruned);
        doc.paragraph("Every layer with parameters, in execution order. FLOPs count multiply-adds per sample; batch norm"
                + " has four parameters per channel and no FLOPs, as it folds into the layer before it for inference.");
        doc.table(List.of("layer", "kind", "width before", "width after", "params before", "params after",
                "FLOPs before", "FLOPs after", "FLOPs kept"), rows);
        long params = pruned.totalParams();
        long flops = pruned.totalFlops();
        PruneReport.Size size = report.size();
        if (params != size.paramsAfter() || flops != size.flopsAfter() || original.totalParams() != size.paramsBefore()
                || original.totalFlops() != size.flopsBefore()) {
            doc.paragraph("Note: these per-layer counts, derived from the original architecture and the recorded widths,"
                    + " do not add up to the totals recorded in report.json (params " + RunReport.count(size.paramsBefore())
                    + " -> " + RunReport.count(size.paramsAfter()) + ", FLOPs " + RunReport.count(size.flopsBefore())
                    + " -> " + RunReport.count(size.flopsAfter()) + "); the recorded totals are the ones in the summary.");
        }
    }

    /** One row per layer with parameters, then the totals. */
    static List<List<String>> rows(Architecture original, Architecture pruned) {
        List<LayerCost> before = original.costs().toJavaList();
        List<LayerCost> after = pruned.costs().toJavaList();
        List<Layer> layersBefore = original.layers().toJavaList();
        List<Layer> layersAfter = pruned.layers().toJavaList();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            LayerCost b = before.get(i);
            LayerCost a = after.get(i);
            if (b.params() == 0 && b.flops() == 0) {
                continue;
            }
            Layer lb = layersBefore.get(i);
            Layer la = layersAfter.get(i);
            rows.add(List.of(lb.name(), lb.kind(), width(lb), width(la), RunReport.count(b.params()),
                    RunReport.count(a.params()), RunReport.count(b.flops()), RunReport.count(a.flops()),
                    b.flops() == 0 ? "-" : RunReport.percent(a.flops(), b.flops())));
        }
        rows.add(List.of("total", "", "", "", RunReport.count(original.totalParams()), RunReport.count(pruned.totalParams()),
                RunReport.count(original.totalFlops()), RunReport.count(pruned.totalFlops()),
                RunReport.percent(pruned.totalFlops(), original.totalFlops())));
        return rows;
    }

    private static String width(Layer layer) {
        return Architecture.hasNeurons(layer) ? RunReport.count(Architecture.widthOf(layer)) : "-";
    }
}
