package io.winnow.dsl;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.LayerCost;
import io.winnow.dsl.network.Shape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;

/** Resolves a recipe against an architecture (see {@link Plan}); reports every problem at once. */
final class PlanCompiler {

    private PlanCompiler() {
    }

    static Either<List<Problem>, Plan> compile(Recipe recipe, Architecture arch) {
        List<Problem> problems = recipe.problems();
        if (!problems.isEmpty()) {
            return Either.left(problems);
        }
        List<StageSpec> stages = recipe.stages();
        List<ChannelGroup> prunable = arch.groups().filter(ChannelGroup::prunable);

        // Explicit scopes first: a stage without layers(...) takes what no other stage names.
        Map<Integer, List<ChannelGroup>> scopes = HashMap.empty();
        for (StageSpec stage : stages.filter(s -> !s.layers().isEmpty())) {
            Tuple2<List<ChannelGroup>, List<Problem>> scoped = explicitScope(recipe, arch, stage, prunable);
            scopes = scopes.put(stage.index(), scoped._1);
            problems = problems.appendAll(scoped._2);
        }
        List<ChannelGroup> named = scopes.values().flatMap(g -> g).toList();
        for (StageSpec stage : stages.filter(s -> s.layers().isEmpty())) {
            scopes = scopes.put(stage.index(), prunable.filter(g -> !named.contains(g)));
        }
        for (StageSpec stage : stages) {
            Tuple2<List<ChannelGroup>, List<Problem>> excepted =
                    applyExcept(recipe, arch, stage, scopes.get(stage.index()).get());
            scopes = scopes.put(stage.index(), excepted._1);
            problems = problems.appendAll(excepted._2);
        }
        problems = problems.appendAll(overlaps(stages, scopes));

        List<Plan.PruneStep> steps = List.empty();
        for (StageSpec stage : stages) {
            List<ChannelGroup> scope = scopes.get(stage.index()).get();
            if (scope.isEmpty() && !problems.exists(p -> p.step() >= stage.step() && p.step() < nextStage(recipe, stage))) {
                problems = problems.append(Problem.at(stage.step(), "stage " + (stage.index() + 1) + " ("
                        + stage.method().word() + ") has no layer to prune in " + arch.name()
                        + "; prunable layers: " + arch.prunableLayers().mkString(", ")));
            }
            for (ChannelGroup group : scope) {
                Either<Problem, Option<Integer>> width = width(recipe, stage, group);
                problems = width.isLeft() ? problems.append(width.getLeft()) : problems;
                steps = steps.append(new Plan.PruneStep(steps.size(), stage, group, width.getOrElse(Option.none())));
            }
        }
        problems = problems.appendAll(flopsReachable(recipe, arch, stages, scopes, steps));
        if (!problems.isEmpty()) {
            return Either.left(problems.distinct());
        }
        return Either.right(new Plan(recipe, arch, steps, layerPlans(arch, steps)));
    }

    /** Groups matched by a stage's layers(...) patterns; a group must be matched whole. */
    private static Tuple2<List<ChannelGroup>, List<Problem>> explicitScope(
            Recipe recipe, Architecture arch, StageSpec stage, List<ChannelGroup> prunable) {
        int at = stepOf(recipe, stage, Step.Layers.class);
        List<Problem> problems = patternProblems(arch, stage.layers(), "layers", at);
        List<String> matched = matching(arch, stage.layers());
        List<ChannelGroup> scope = List.empty();
        for (ChannelGroup group : prunable) {
            List<String> in = group.layers().filter(matched::contains);
            if (in.isEmpty()) {
                continue;
            }
            if (in.size() < group.layers().size()) {
                problems = problems.append(Problem.at(at, "layers " + group.layers().mkString(", ")
                        + " are tied by residual adds and are pruned together, but stage " + (stage.index() + 1)
                        + " names only " + in.mkString(", ") + ": name all of them (or none)"));
            }
            scope = scope.append(group);
        }
        return Tuple.of(scope, problems);
    }

    private static Tuple2<List<ChannelGroup>, List<Problem>> applyExcept(
            Recipe recipe, Architecture arch, StageSpec stage, List<ChannelGroup> scope) {
        if (stage.exceptLayers().isEmpty()) {
            return Tuple.of(scope, List.empty());
        }
        int at = stepOf(recipe, stage, Step.ExceptLayers.class);
        List<Problem> problems = List.empty();
        List<String> unknown = stage.exceptLayers().filter(p -> arch.layers().find(l -> Glob.matches(p, l.name())).isEmpty());
        for (String p : unknown) {
            problems = problems.append(Problem.at(at, "exceptLayers(\"" + p + "\") matches no layer of " + arch.name()
                    + "; layers with neurons: " + neuronLayers(arch)));
        }
        List<String> excluded = matching(arch, stage.exceptLayers());
        List<ChannelGroup> kept = List.empty();
        for (ChannelGroup group : scope) {
            List<String> out = group.layers().filter(excluded::contains);
            if (out.isEmpty()) {
                kept = kept.append(group);
            } else if (out.size() < group.layers().size()) {
                problems = problems.append(Problem.at(at, "layers " + group.layers().mkString(", ")
                        + " are tied by residual adds and are pruned together, but exceptLayers(...) of stage "
                        + (stage.index() + 1) + " leaves out only " + out.mkString(", ")
                        + ": leave out all of them (or none)"));
            }
        }
        return Tuple.of(kept, problems);
    }

    private static List<Problem> patternProblems(Architecture arch, List<String> patterns, String word, int at) {
        List<Problem> problems = List.empty();
        for (String p : patterns) {
            List<Layer> hits = arch.layers().filter(l -> Glob.matches(p, l.name()));
            List<String> prunableHits = hits.map(Layer::name).filter(arch.prunableLayers()::contains);
            if (hits.isEmpty()) {
                problems = problems.append(Problem.at(at, word + "(\"" + p + "\") matches no layer of " + arch.name()
                        + "; prunable layers: " + arch.prunableLayers().mkString(", ")));
            } else if (prunableHits.isEmpty()) {
                problems = problems.append(Problem.at(at, word + "(\"" + p + "\") matches only "
                        + hits.map(l -> l.name() + " (" + whyNotPrunable(arch, l) + ")").mkString(", ")
                        + "; prunable layers: " + arch.prunableLayers().mkString(", ")));
            }
        }
        return problems;
    }

    private static String whyNotPrunable(Architecture arch, Layer layer) {
        if (!Architecture.hasNeurons(layer)) {
            return layer.kind() + " has no neurons of its own; select the dense or conv2d layer before it";
        }
        return arch.groupOf(layer.name()).reason();
    }

    private static List<String> matching(Architecture arch, List<String> patterns) {
        return arch.layers().map(Layer::name).filter(n -> patterns.exists(p -> Glob.matches(p, n)));
    }

    private static String neuronLayers(Architecture arch) {
        return arch.layers().filter(Architecture::hasNeurons).map(Layer::name).mkString(", ");
    }

    private static List<Problem> overlaps(List<StageSpec> stages, Map<Integer, List<ChannelGroup>> scopes) {
        List<Problem> problems = List.empty();
        for (StageSpec a : stages) {
            for (StageSpec b : stages.filter(s -> s.index() > a.index())) {
                List<ChannelGroup> both = scopes.get(a.index()).get().filter(scopes.get(b.index()).get()::contains);
                if (!both.isEmpty()) {
                    problems = problems.append(Problem.at(b.step(), "stage " + (b.index() + 1) + " ("
                            + b.method().word() + ") and stage " + (a.index() + 1) + " (" + a.method().word()
                            + ") both prune " + both.flatMap(ChannelGroup::layers).mkString(", ")
                            + ": each layer is pruned by one stage; narrow their layers(...) or exceptLayers(...)"));
                }
            }
        }
        return problems;
    }

    /** The width a count or ratio budget fixes; other budgets decide while running. */
    private static Either<Problem, Option<Integer>> width(Recipe recipe, StageSpec stage, ChannelGroup group) {
        // A stage without a budget never gets here: recipe.problems() reports it first.
        Budget budget = stage.budget().getOrNull();
        Alignment alignment = stage.alignment();
        if (budget instanceof Budget.Count c) {
            if (c.k() > group.width()) {
                return Either.left(Problem.at(stepOf(recipe, stage, Step.Select.class), "select(" + c.k() + ") keeps "
                        + c.k() + " neurons but layer " + group.layers().mkString(", ") + " has only " + group.width()
                        + ": choose k <= " + group.width() + " or select(ratio(x))"));
            }
            return Either.right(Option.some(alignment.nearest(c.k(), group.width())));
        } else if (budget instanceof Budget.Ratio r) {
            return Either.right(Option.some(alignment.nearest(r.of(group.width()), group.width())));
        } else if (alignment.multiple() > 1 && !(budget instanceof Budget.Flops)) {
            return Either.left(Problem.at(stepOf(recipe, stage, Step.Align.class), "align(" + alignment.multiple()
                    + ") needs a budget that fixes the widths before selecting: select(k), select(ratio(x)) or "
                    + "select(flops(x)), not select(" + budget.text() + ")"));
        }
        return Either.right(Option.none());
    }

    /** A FLOPs target must be reachable with every layer of the stage's scope narrowed to one neuron. */
    private static List<Problem> flopsReachable(Recipe recipe, Architecture arch, List<StageSpec> stages,
                                                Map<Integer, List<ChannelGroup>> scopes, List<Plan.PruneStep> steps) {
        List<Problem> problems = List.empty();
        Map<String, Integer> known = knownWidths(steps);
        for (StageSpec stage : stages) {
            if (!(stage.budget().getOrNull() instanceof Budget.Flops f)) {
                continue;
            }
            Map<String, Integer> smallest = known;
            for (ChannelGroup g : scopes.get(stage.index()).get()) {
                for (String layer : g.layers()) {
                    smallest = smallest.put(layer, stage.alignment().narrowest(g.width()));
                }
            }
            double reachable = (double) arch.withWidths(smallest).totalFlops() / arch.totalFlops();
            if (f.fraction() < reachable) {
                problems = problems.append(Problem.at(stepOf(recipe, stage, Step.Select.class),
                        String.format(java.util.Locale.ROOT, "flops(%s) is below the smallest reachable fraction %.4f "
                                + "of %s (every layer of stage %d at %s): choose flops(x) with x >= %.4f",
                                f.fraction(), reachable, arch.name(), stage.index() + 1,
                                stage.alignment().multiple() > 1 ? "its narrowest aligned width, align("
                                        + stage.alignment().multiple() + ")" : "one neuron", reachable)));
            }
        }
        return problems;
    }

    private static Map<String, Integer> knownWidths(List<Plan.PruneStep> steps) {
        Map<String, Integer> widths = HashMap.empty();
        for (Plan.PruneStep s : steps.filter(s -> s.width().isDefined())) {
            for (String layer : s.group().layers()) {
                widths = widths.put(layer, s.width().get());
            }
        }
        return widths;
    }

    private static List<Plan.LayerPlan> layerPlans(Architecture arch, List<Plan.PruneStep> steps) {
        Architecture narrowed = arch.withWidths(knownWidths(steps));
        Map<String, Shape> before = arch.shapes();
        Map<String, Shape> after = narrowed.shapes();
        List<LayerCost> costBefore = arch.costs();
        List<LayerCost> costAfter = narrowed.costs();
        List<ChannelGroup> undecided = steps.filter(s -> s.width().isEmpty()).map(Plan.PruneStep::group);
        List<Plan.LayerPlan> plans = List.empty();
        for (int i = 0; i < arch.layers().size(); i++) {
            Layer layer = arch.layers().get(i);
            boolean decided = layer.inputs().append(layer.name())
                    .forAll(n -> arch.carriedGroup(n).filter(undecided::contains).isEmpty());
            Option<Plan.PruneStep> step = steps.find(s -> s.group().layers().contains(layer.name()));
            plans = plans.append(new Plan.LayerPlan(layer.name(), layer.kind(), before.get(layer.name()).get(),
                    decided ? after.get(layer.name()) : Option.none(),
                    costBefore.get(i).params(), decided ? Option.some(costAfter.get(i).params()) : Option.none(),
                    costBefore.get(i).flops(), decided ? Option.some(costAfter.get(i).flops()) : Option.none(),
                    step.map(Plan.PruneStep::order), note(arch, layer, step)));
        }
        return plans;
    }

    private static String note(Architecture arch, Layer layer, Option<Plan.PruneStep> step) {
        if (step.isDefined()) {
            Plan.PruneStep s = step.get();
            String tied = s.group().isCoupled()
                    ? ", with " + s.group().layers().remove(layer.name()).mkString(", ") : "";
            return "stage " + (s.stage().index() + 1) + " " + s.stage().label() + tied;
        }
        if (Architecture.hasNeurons(layer)) {
            ChannelGroup g = arch.groupOf(layer.name());
            return g.prunable() ? "kept: no stage names it" : "kept: " + g.reason();
        }
        return "";
    }

    private static int nextStage(Recipe recipe, StageSpec stage) {
        int i = stage.step() + 1;
        while (i < recipe.steps().size() && !(recipe.steps().get(i) instanceof Step.Stage)) {
            i++;
        }
        return i;
    }

    /** Index in the recipe of the first step of this kind inside the stage (the stage's own step if none). */
    static int stepOf(Recipe recipe, StageSpec stage, Class<? extends Step> kind) {
        List<Step> steps = recipe.steps();
        for (int i = stage.step() + 1; i < steps.size() && !(steps.get(i) instanceof Step.Stage); i++) {
            if (kind.isInstance(steps.get(i))) {
                return i;
            }
        }
        return stage.step();
    }
}
