package io.winnow.compare;

import io.vavr.collection.List;
import io.winnow.WinnowModel;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Recipes;
import io.winnow.dsl.Step;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.prune.PruneJob;
import java.util.function.Consumer;

/**
 * How much each layer's width matters: every prunable channel group alone narrowed to each ratio,
 * the rest of the network intact, and the accuracy right after selection. The most sensitive
 * layers are those whose accuracy falls first; a starting recipe keeps them wider.
 */
public final class Sensitivity {

    /** The widths probed by default: 90% down to 10% of each group. */
    public static final List<Double> DEFAULT_RATIOS = List.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1);

    private Sensitivity() {
    }

    /**
     * One probe.
     *
     * @param layers   the group's layers
     * @param ratio    the fraction of its width kept
     * @param width    the width that was kept
     * @param accuracy test top-1 right after selection
     */
    public record Point(java.util.List<String> layers, double ratio, int width, double accuracy) {
    }

    /**
     * @param model            the model, as given
     * @param data             the data, as described
     * @param method           the stage that probed, as recipe text
     * @param originalAccuracy test top-1 of the unpruned model
     * @param points           every probe, group by group, widest first
     */
    public record Result(String model, String data, String method, double originalAccuracy,
                         java.util.List<Point> points) {

        /** Each group's drop at the narrowest probe, largest first: the most sensitive layers lead. */
        public java.util.List<java.util.Map.Entry<String, Double>> ranking() {
            java.util.Map<String, Double> worst = new java.util.LinkedHashMap<>();
            for (Point p : points) {
                worst.merge(String.join("+", p.layers()), originalAccuracy - p.accuracy(), Math::max);
            }
            return worst.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                    .toList();
        }
    }

    /**
     * The probing stage: the first stage of {@code method} (its method, rule, target and bias correction, read in its
     * recipe version), scope and budget replaced.
     */
    static Recipe probe(Recipe method, ChannelGroup group, double ratio) {
        List<Step> stage = List.empty();
        boolean inFirstStage = false;
        List<Step> global = List.empty();
        for (Step s : method.steps()) {
            if (s instanceof Step.Stage) {
                if (inFirstStage) {
                    break;
                }
                inFirstStage = true;
                stage = stage.append(s);
            } else if (s instanceof Step.Rule || s instanceof Step.Imitate || s instanceof Step.CorrectBias
                    || s instanceof Step.CorrectScale) {
                stage = inFirstStage ? stage.append(s) : stage;
            } else if (s instanceof Step.Calibration) {
                global = global.append(s);
            }
        }
        return method.withSteps(stage.append(new Step.Select(Recipes.ratio(ratio)))
                .append(new Step.Layers(group.layers())).appendAll(global));
    }

    /** Probes every prunable group of {@code model} at every ratio; {@code progress} hears of each probe. */
    public static Result run(Recipe method, WinnowModel model, Dataset data, List<Double> ratios, long seed,
                             Consumer<String> progress) {
        List<ChannelGroup> groups = model.architecture().groups().filter(ChannelGroup::prunable);
        java.util.List<Point> points = new java.util.ArrayList<>();
        double original = Double.NaN;
        String describedData = data.describe();
        int total = groups.size() * ratios.size();
        int done = 0;
        for (ChannelGroup group : groups) {
            for (double ratio : ratios) {
                done++;
                progress.accept("probe " + done + " of " + total + ": " + group.layers().mkString("+") + " at "
                        + Math.round(100 * ratio) + "%");
                Plan plan = probe(method, group, ratio).compile(model.architecture())
                        .getOrElseThrow(p -> new IllegalArgumentException(p.mkString("; ")));
                PruneJob.Outcome run = PruneJob.run(plan, model.weights(), data, seed);
                original = run.original().accuracy();
                describedData = run.data().describe();
                int width = run.pruned().layers().head().widthAfter();
                points.add(new Point(group.layers().asJava(), ratio, width, run.afterSelection().accuracy()));
            }
        }
        String methodText = io.winnow.dsl.RecipeText.expression(method.withSteps(
                probe(method, groups.head(), 0.5).steps().takeWhile(s -> !(s instanceof Step.Select))));
        return new Result(model.directory().toString(), describedData, methodText, original, points);
    }

    /**
     * A recipe to start from: each group at the narrowest probed ratio whose accuracy drop is at most
     * {@code maxDrop} (groups that lose more at every ratio are left whole), then a 1-epoch finetune.
     */
    public static Recipe startingRecipe(Result result, Recipe method, double maxDrop) {
        java.util.Map<String, Point> chosen = new java.util.LinkedHashMap<>();
        for (Point p : result.points()) {
            String key = String.join("+", p.layers());
            if (result.originalAccuracy() - p.accuracy() <= maxDrop) {
                chosen.merge(key, p, (a, b) -> b.ratio() < a.ratio() ? b : a);
            } else {
                chosen.putIfAbsent(key, null);
            }
        }
        List<Step> steps = List.empty();
        List<Step> global = List.empty();
        for (Point p : chosen.values()) {
            if (p == null) {
                continue;
            }
            Recipe one = probe(method, groupOf(p), p.ratio());
            steps = steps.appendAll(one.steps().filter(s -> !(s instanceof Step.Calibration)));
            global = one.steps().filter(s -> s instanceof Step.Calibration);
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no layer can be narrowed to any probed ratio within an accuracy drop of "
                    + maxDrop + "; try a larger --max-drop");
        }
        return method.withSteps(steps.appendAll(global).append(new Step.Finetune(1, List.empty())));
    }

    private static ChannelGroup groupOf(Point p) {
        return new ChannelGroup(List.ofAll(p.layers()), p.width(), true, "");
    }
}
