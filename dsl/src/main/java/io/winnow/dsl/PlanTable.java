package io.winnow.dsl;

import io.winnow.dsl.network.Architecture;
import io.vavr.collection.List;
import io.vavr.control.Option;

import java.util.Locale;

/** Renders a {@link Plan} as text. */
final class PlanTable {

    private PlanTable() {
    }

    static String render(Plan plan) {
        Architecture arch = plan.architecture();
        Recipe recipe = plan.recipe();
        StringBuilder out = new StringBuilder();
        out.append("Plan for ").append(arch.name()).append(" (input ").append(arch.input())
                .append(", ").append(arch.classes()).append(" classes)\n");
        out.append("recipe version ").append(recipe.version()).append(", calibration ").append(recipe.calibrationSamples())
                .append(" samples, seed ")
                .append(recipe.seedValue().map(String::valueOf).getOrElse("0 (default)"))
                .append(", bound checks ").append(recipe.verifies() ? "fail the run (verify)" : "warn only")
                .append("\n\nStages:\n");
        for (StageSpec stage : recipe.stages()) {
            List<String> layers = plan.steps().filter(s -> s.stage().index() == stage.index())
                    .map(s -> s.group().layers().mkString("+"));
            out.append(String.format(Locale.ROOT, "  %d. %s select(%s)%s%s%s%s: %s%n", stage.index() + 1, stage.label(),
                    stage.budget().map(Budget::text).getOrElse(""),
                    usesLocalTarget(stage) ? ", target " + stage.target().word() : "",
                    stage.alignment().multiple() > 1 ? ", widths multiples of " + stage.alignment().multiple() : "",
                    stage.correctBias() ? (stage.correctScale() ? ", biases and scales corrected after each layer"
                            : ", biases corrected after each layer") : "",
                    stage.finetuneEachLayer().map(f -> ", finetune " + Literals.number(f.epochs()) + " epoch after each layer"
                            + options(f.options())).getOrElse(""),
                    layers.mkString(", ")));
        }
        out.append("\nLayers (in execution order):\n");
        List<String[]> rows = List.<String[]>of(new String[]{"layer", "kind", "output", "width", "params", "FLOPs", "action"})
                .appendAll(plan.layers().map(l -> new String[]{
                        l.layer(), l.kind(), shapes(l), width(l), change(l.paramsBefore(), l.paramsAfter()),
                        change(l.flopsBefore(), l.flopsAfter()),
                        l.step().map(s -> "prune #" + (s + 1) + " (" + l.note() + ")").getOrElse(l.note())}));
        int[] widths = new int[7];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : pad(row[c], widths[c] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%nTotal: params %s, FLOPs %s%n",
                total(plan.paramsBefore(), plan.paramsAfter()), total(plan.flopsBefore(), plan.flopsAfter())));
        if (plan.flopsAfter().isEmpty()) {
            out.append("  (? = decided while running by a flops, tolerance or accuracyDrop budget)\n");
        }
        out.append("Finetune: ").append(recipe.finetuneStep()
                .map(f -> f.epochs() + " epoch" + (f.epochs() == 1 ? "" : "s") + options(f.options()))
                .getOrElse("none")).append('\n');
        return out.toString();
    }

    private static boolean usesLocalTarget(StageSpec stage) {
        return stage.method() == Method.LOCAL_IMITATION || stage.method() == Method.BEST_OF_LOCAL_AND_GLOBAL;
    }

    private static String options(List<FinetuneOption> options) {
        return options.isEmpty() ? "" : " (" + options.map(FinetuneOption::text).mkString(", ") + ")";
    }

    private static String shapes(Plan.LayerPlan l) {
        String after = l.outputAfter().map(Object::toString).getOrElse("?");
        return after.equals(l.outputBefore().toString()) ? after : l.outputBefore() + " -> " + after;
    }

    private static String width(Plan.LayerPlan l) {
        if (l.step().isEmpty()) {
            return "";
        }
        int before = l.outputBefore().units();
        return before + " -> " + l.outputAfter().map(s -> Integer.toString(s.units())).getOrElse("?");
    }

    private static String change(long before, Option<Long> after) {
        if (before == 0 && after.contains(0L)) {
            return "";
        }
        return after.contains(before) ? Long.toString(before) : before + " -> " + after.map(String::valueOf).getOrElse("?");
    }

    private static String total(long before, Option<Long> after) {
        return after.map(a -> String.format(Locale.ROOT, "%d -> %d (%.1f%%)", before, a, 100.0 * a / before))
                .getOrElse(before + " -> ?");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
