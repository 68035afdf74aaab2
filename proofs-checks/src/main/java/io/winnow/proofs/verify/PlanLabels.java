package io.winnow.proofs.verify;

import io.vavr.control.Either;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Budget;
import io.winnow.dsl.Method;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.report.PruneReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labels every layer must carry, derived from the recipe text and the original architecture
 * recorded in the report: the recipe is parsed, its hash recomputed, and the plan compiled exactly as
 * {@code winnow prune} compiles it. The recorded labels are then compared with these, never used.
 */
final class PlanLabels {

    /**
     * What the plan says about one layer (channel group).
     *
     * @param stage        the stage's label, e.g. {@code localImitation/optimizeGamma}
     * @param rule         the step rule of a greedy stage; empty for baselines (no selection record)
     * @param plannedWidth the width when the budget fixes it before running (count, ratio)
     */
    record Labels(int order, List<String> layers, int width, String stage, Method method, Optional<StepRule> rule,
                  Target target, Budget budget, Optional<Integer> plannedWidth) {

        boolean greedy() {
            return method.isGreedy();
        }
    }

    private PlanLabels() {
    }

    /** The original architecture, or empty (with a finding) when the recorded text is not one. */
    static Optional<Architecture> original(PruneReport report, Findings findings) {
        try {
            return Optional.of(io.winnow.report.ArchitectureJson.read(report.model().architecture(),
                    "$.model.architecture"));
        } catch (RuntimeException e) {
            findings.add("$.model.architecture", "a text", "which is not a Winnow architecture: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Every layer's labels in plan order, or empty (with findings) when the recipe does not compile. */
    static Optional<List<Labels>> of(PruneReport report, Optional<Architecture> original, Findings findings) {
        Either<io.vavr.collection.List<io.winnow.dsl.Diagnostic>, RecipeDocument> parsed =
                RecipeText.parse(report.recipe().text(), "recipe.text");
        if (parsed.isLeft()) {
            findings.add("$.recipe.text", "a text", "which does not parse as a recipe: "
                    + parsed.getLeft().map(Object::toString).mkString("; "));
            return Optional.empty();
        }
        RecipeDocument doc = parsed.get();
        findings.expect("$.recipe.hash", report.recipe().hash(), RecipeText.hash(doc.recipe()),
                "the SHA-256 of the recipe's canonical text is");
        if (original.isEmpty()) {
            return Optional.empty();
        }
        Either<io.vavr.collection.List<io.winnow.dsl.Problem>, Plan> compiled = doc.recipe().compile(original.get());
        if (compiled.isLeft()) {
            findings.add("$.recipe.text", "a recipe", "which does not compile against $.model.architecture: "
                    + compiled.getLeft().map(Object::toString).mkString("; "));
            return Optional.empty();
        }
        List<Labels> labels = new ArrayList<>();
        for (Plan.PruneStep step : compiled.get().steps()) {
            labels.add(new Labels(step.order(), step.group().layers().toJavaList(), step.group().width(),
                    step.stage().label(), step.stage().method(), step.stage().rule().toJavaOptional(),
                    step.stage().target(), step.stage().budget().get(), step.width().toJavaOptional()));
        }
        return Optional.of(labels);
    }
}
