package io.winnow.tf.prune;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.Budget;
import io.winnow.dsl.ChannelGroup;
import io.winnow.dsl.Method;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Split;
import io.winnow.tf.model.Model;
import io.winnow.tf.model.ModelWeights;
import io.winnow.engine.select.Baselines;
import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import io.winnow.engine.select.Stop;
import io.winnow.tf.surgery.Surgery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The whole-model budgets of a run (docs/theory.md section 5): {@code accuracyDrop(x)} chooses each
 * layer's width by bisection on the calibration accuracy of the pruned model; {@code flops(x)}
 * resolves a stage to per-layer counts before the stage runs; and the {@code taylor()} baseline's
 * backward elimination. One instance per run: it holds the unpruned network's calibration accuracy
 * and each flops stage's planned widths.
 */
final class Budgets {

    private static final Logger LOG = LoggerFactory.getLogger(Budgets.class);

    /** Bisection steps on the shared epsilon or ratio of a flops stage: far below one neuron's FLOPs. */
    static final int FLOPS_BISECTION_STEPS = 48;
    /** The smallest shared epsilon a flops stage tries: the runner's precision floor. */
    static final double SMALLEST_EPSILON = Pruner.PRECISION_FLOOR;

    private final Plan plan;
    private final ModelWeights original;
    private final Split calibration;
    private final long seed;
    private Double originalAccuracy;
    private final java.util.Map<Integer, BudgetSearch.Flops> flopsPlans = new java.util.HashMap<>();

    Budgets(Plan plan, ModelWeights original, Split calibration, long seed) {
        this.plan = plan;
        this.original = original;
        this.calibration = calibration;
        this.seed = seed;
    }

    /** Whether {@link #select} does this step rather than the runner's own count/ratio/tolerance selection. */
    boolean handles(Plan.PruneStep step) {
        return step.stage().budget().get() instanceof Budget.AccuracyDrop || step.stage().method() == Method.TAYLOR
                || (step.stage().method().isGreedy() && step.stage().target() == Target.ORIGINAL_ACTIVATIONS);
    }

    /**
     * A flops stage's step with its planned width as a count; on the stage's first step the widths of
     * all its layers are planned on the network as it is then. Other steps come back unchanged.
     */
    Plan.PruneStep resolve(Plan.PruneStep step, Architecture arch, ModelWeights weights) {
        if (!(step.stage().budget().get() instanceof Budget.Flops flops)) {
            return step;
        }
        if (!flopsPlans.containsKey(step.order())) {
            planFlops(step, flops, arch, weights);
        }
        return new Plan.PruneStep(step.order(), step.stage(), step.group(), Option.some(flopsPlans.get(step.order()).width()));
    }

    /** The runner's record with the flops plan that fixed its width, if any. */
    LayerResult annotate(Plan.PruneStep step, LayerResult result) {
        BudgetSearch.Flops flops = flopsPlans.get(step.order());
        return flops == null ? result : result.withBudget(flops);
    }

    /** Selects one group for an accuracyDrop budget, a taylor stage or target(originalActivations()). */
    LayerResult select(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group) {
        long start = System.nanoTime();
        if (step.stage().budget().get() instanceof Budget.AccuracyDrop drop) {
            return annotate(step, accuracyDrop(step, drop, arch, weights, group, start));
        }
        if (step.stage().method() == Method.BEST_OF_LOCAL_AND_GLOBAL) {
            // Here only for target(originalActivations()): the local candidate imitates the original
            // network's activations (this class's greedy path), the global one the output as usual.
            Stop stop = step.width().map(Pruner::countWithFloor)
                    .getOrElse(() -> Stop.from(step.stage().budget().get(), group.width()));
            return annotate(step, BestOfBoth.select(step, arch, weights, group, calibration, stop,
                    localStep -> select(localStep, arch, weights, group)));
        }
        if (step.stage().method().isGreedy()) {
            Gram gram;
            try (Model model = Model.build(arch, weights)) {
                gram = gram(step, model, weights, group);
            }
            long gathered = System.nanoTime();
            Stop stop = step.width().map(Pruner::countWithFloor)
                    .getOrElse(() -> Stop.from(step.stage().budget().get(), group.width()));
            return annotate(step, greedy(step, group, gram, stop, (gathered - start) / 1_000_000,
                    (System.nanoTime() - gathered) / 1_000_000));
        }
        int k = step.width().getOrElseThrow(() -> new UserInputException("stage " + (step.stage().index() + 1)
                + " (taylor): a baseline needs a count, ratio, flops or accuracyDrop budget"));
        int[] kept = TaylorImportance.keep(arch, weights, group, calibration, k);
        return annotate(step, baseline(step, group, kept, start));
    }

    // ---- accuracyDrop ----

    private LayerResult accuracyDrop(Plan.PruneStep step, Budget.AccuracyDrop drop, Architecture arch,
                                     ModelWeights weights, ChannelGroup group, long start) {
        int n = group.width();
        double threshold = (1 - drop.drop()) * originalAccuracy();
        IntFunction<LayerResult> candidate;
        long gramMillis = 0;
        Method method = step.stage().method();
        if (method == Method.GLOBAL_IMITATION) {
            // Global candidates have no shared Gram path: each width is its own run of the method.
            candidate = k -> Pruner.select(new Plan.PruneStep(step.order(), step.stage(), step.group(), Option.some(k)),
                    arch, weights, group, calibration, seed);
        } else if (method == Method.BEST_OF_LOCAL_AND_GLOBAL) {
            // The local half shares the group's one Gram (with the stage's target, so originalActivations
            // imitates the unpruned network); the global half is its own run per width. Each candidate is
            // what a count run of bestOf at that width selects.
            Gram gram;
            try (Model model = Model.build(arch, weights)) {
                gram = gram(step, model, weights, group);
            }
            gramMillis = (System.nanoTime() - start) / 1_000_000;
            candidate = k -> {
                Plan.PruneStep atK = new Plan.PruneStep(step.order(), step.stage(), step.group(), Option.some(k));
                return BestOfBoth.select(atK, arch, weights, group, calibration, Pruner.countWithFloor(k),
                        local -> greedy(local, group, gram, Pruner.countWithFloor(k), 0, 0));
            };
        } else if (method.isGreedy()) {
            Gram gram;
            try (Model model = Model.build(arch, weights)) {
                gram = gram(step, model, weights, group);
            }
            gramMillis = (System.nanoTime() - start) / 1_000_000;
            candidate = k -> greedy(step, group, gram, Pruner.countWithFloor(k), 0, 0);
        } else {
            int[] ranking = ranking(step, arch, weights, group);
            candidate = k -> baseline(step, group, Arrays.copyOf(ranking, k), start);
        }
        java.util.Map<Integer, LayerResult> results = new java.util.HashMap<>();
        List<BudgetSearch.Candidate> tried = List.empty();
        // Bisection on k over [1, N] for the smallest k with accuracy >= threshold; the full width
        // (the layer unchanged) passes by definition. Accuracy need not be monotone in k: this finds a
        // k that passes whose k - 1 fails, with O(log N) evaluations (docs/theory.md section 5).
        int lo = 1;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            LayerResult r = candidate.apply(mid);
            double accuracy = accuracy(arch, weights, group, r);
            tried = tried.append(new BudgetSearch.Candidate(mid, accuracy));
            results.put(mid, r);
            if (accuracy >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        LayerResult chosen = hi < n ? results.get(hi) : unchanged(step, group, start);
        LOG.info("accuracyDrop({}): width {} of {} (calibration top-1 original {}, threshold {}, tried {})",
                drop.drop(), hi, n, originalAccuracy(), threshold, tried.map(c -> c.width() + ":" + c.accuracy()).mkString(" "));
        long selectMillis = (System.nanoTime() - start) / 1_000_000 - gramMillis;
        return new LayerResult(chosen.order(), chosen.layers(), chosen.stage(), chosen.widthBefore(),
                chosen.widthAfter(), chosen.kept(), chosen.multipliers(), chosen.selection(), gramMillis, selectMillis,
                chosen.imitation(), chosen.bestOf(), Option.none())
                .withBudget(new BudgetSearch.AccuracyDrop(drop.drop(), originalAccuracy(), threshold, tried, hi));
    }

    /** The unpruned network's top-1 on the calibration split, computed once per run. */
    double originalAccuracy() {
        if (originalAccuracy == null) {
            try (Model model = Model.build(plan.architecture(), original)) {
                originalAccuracy = model.evaluate(calibration).accuracy();
            }
        }
        return originalAccuracy;
    }

    private double accuracy(Architecture arch, ModelWeights weights, ChannelGroup group, LayerResult r) {
        Surgery.Pruned pruned = Surgery.prune(arch, weights, group, r.kept(), r.multipliers());
        try (Model model = Model.build(pruned.architecture(), pruned.weights())) {
            return model.evaluate(calibration).accuracy();
        }
    }

    /** A baseline's channels, most important first, so that its k-channel choice is the first k. */
    private int[] ranking(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group) {
        int n = group.width();
        Method method = step.stage().method();
        if (method == Method.TAYLOR) {
            return TaylorImportance.ranking(arch, weights, group, calibration, 1);
        }
        if (method == Method.RANDOM) {
            // Baselines.random keeps the first k of one seeded shuffle: the same seed gives nested sets.
            int[] order = new int[n];
            int[] previous = new int[0];
            for (int k = 1; k <= n; k++) {
                int[] kept = Baselines.random(n, k, seed * 31 + step.order());
                order[k - 1] = added(previous, kept);
                previous = kept;
            }
            return order;
        }
        double[] norms = Pruner.l1Norms(weights, group);
        return java.util.stream.IntStream.range(0, n).boxed()
                .sorted(java.util.Comparator.<Integer>comparingDouble(i -> -norms[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int added(int[] before, int[] after) {
        for (int i : after) {
            if (Arrays.stream(before).noneMatch(j -> j == i)) {
                return i;
            }
        }
        throw new IllegalStateException("random baselines are not nested");
    }

    // ---- flops ----

    private void planFlops(Plan.PruneStep first, Budget.Flops flops, Architecture arch, ModelWeights weights) {
        List<Plan.PruneStep> steps = plan.steps().filter(s -> s.stage().index() == first.stage().index());
        List<ChannelGroup> groups = steps.map(s -> arch.groupOf(s.group().layers().head()));
        long originalFlops = plan.architecture().totalFlops();
        double target = flops.fraction() * originalFlops;
        java.util.function.DoubleFunction<int[]> widthsAt;
        String by;
        double widest;
        double narrowest;
        if (first.stage().method().isGreedy()) {
            // Each layer's whole greedy path on the statistics of the network as the stage starts; the
            // width at a shared tolerance eps is where that path first has L <= eps L(empty).
            List<Selection> paths;
            try (Model model = Model.build(arch, weights)) {
                paths = groups.map(g -> engine(first, gram(first, model, weights, g), Pruner.countWithFloor(g.width())));
            }
            widthsAt = logEps -> paths.map(p -> widthAtTolerance(p, Math.exp(logEps))).toJavaStream()
                    .mapToInt(Integer::intValue).toArray();
            by = "tolerance";
            widest = Math.log(SMALLEST_EPSILON);
            narrowest = 0;
        } else {
            widthsAt = r -> groups.map(g -> Math.max(1, (int) Math.ceil(r * g.width()))).toJavaStream()
                    .mapToInt(Integer::intValue).toArray();
            by = "ratio";
            widest = 1;
            narrowest = 0;
        }
        java.util.function.DoubleToLongFunction flopsAt = t -> flopsWith(arch, groups, widthsAt.apply(t));
        // Bisection between a setting that meets the target (or the smallest model) and one that does not.
        double setting;
        if (flopsAt.applyAsLong(widest) <= target) {
            setting = widest;
        } else if (flopsAt.applyAsLong(narrowest) > target) {
            setting = narrowest;
        } else {
            double fail = widest;
            double pass = narrowest;
            for (int i = 0; i < FLOPS_BISECTION_STEPS; i++) {
                double mid = (fail + pass) / 2;
                if (flopsAt.applyAsLong(mid) <= target) {
                    pass = mid;
                } else {
                    fail = mid;
                }
            }
            setting = pass;
        }
        int[] widths = widthsAt.apply(setting);
        if (flopsWith(arch, groups, widths) > target) {
            Arrays.fill(widths, 1);
        }
        long planned = flopsWith(arch, groups, widths);
        double shown = by.equals("tolerance") ? Math.exp(setting) : setting;
        LOG.info("flops({}): shared {} {} gives widths {}, {} of {} FLOPs ({})", flops.fraction(), by, shown,
                Arrays.toString(widths), planned, originalFlops, (double) planned / originalFlops);
        for (int i = 0; i < steps.size(); i++) {
            flopsPlans.put(steps.get(i).order(),
                    new BudgetSearch.Flops(flops.fraction(), by, shown, originalFlops, planned, widths[i]));
        }
    }

    /** The support where the greedy path first has L <= eps L(empty) (what select(tolerance(eps)) keeps). */
    static int widthAtTolerance(Selection path, double epsilon) {
        double bound = epsilon * path.emptyLoss();
        if (path.initialLoss() <= bound) {
            return 1;
        }
        for (SelectionStep s : path.steps()) {
            if (s.lossAfter() <= bound) {
                return Math.max(1, s.support());
            }
        }
        return path.width();
    }

    private static long flopsWith(Architecture arch, List<ChannelGroup> groups, int[] widths) {
        HashMap<String, Integer> w = HashMap.empty();
        for (int i = 0; i < widths.length; i++) {
            for (String layer : groups.get(i).layers()) {
                w = w.put(layer, widths[i]);
            }
        }
        return arch.withWidths(w).totalFlops();
    }

    // ---- shared records ----

    /** The group's Gram on this network, with y* from the unpruned network under target(originalActivations()). */
    private Gram gram(Plan.PruneStep step, Model model, ModelWeights weights, ChannelGroup group) {
        if (step.stage().target() != Target.ORIGINAL_ACTIVATIONS) {
            return LayerStatistics.gram(model, weights, group, calibration);
        }
        try (Model unpruned = Model.build(plan.architecture(), original)) {
            return OriginalTarget.gram(model, weights, group, calibration, unpruned);
        }
    }

    private static Selection engine(Plan.PruneStep step, Gram gram, Stop stop) {
        return step.stage().rule().contains(StepRule.FIXED_GAMMA)
                ? FixedGamma.select(gram, stop) : OptimizeGamma.select(gram, stop);
    }

    private static LayerResult greedy(Plan.PruneStep step, ChannelGroup group, Gram gram, Stop stop, long gramMillis,
                                      long selectMillis) {
        int n = group.width();
        Selection selection = engine(step, gram, stop);
        int[] kept = selection.kept();
        double[] multipliers = selection.multipliers(); // c_i = N a_i (method.md section 1)
        return new LayerResult(step.order(), group.layers(), step.stage().label(), n, kept.length, kept, multipliers,
                Option.some(selection), gramMillis, selectMillis);
    }

    private static LayerResult baseline(Plan.PruneStep step, ChannelGroup group, int[] channels, long start) {
        int[] kept = channels.clone();
        Arrays.sort(kept);
        double[] ones = new double[kept.length];
        Arrays.fill(ones, 1.0);
        return new LayerResult(step.order(), group.layers(), step.stage().label(), group.width(), kept.length, kept,
                ones, Option.none(), 0, (System.nanoTime() - start) / 1_000_000);
    }

    /** The layer left as it is: every channel, multiplier 1. */
    private static LayerResult unchanged(Plan.PruneStep step, ChannelGroup group, long start) {
        return baseline(step, group, java.util.stream.IntStream.range(0, group.width()).toArray(), start);
    }
}
