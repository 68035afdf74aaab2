package io.winnow.tf.prune;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Budget;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.dsl.StepRule;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.DoubleFunction;
import java.util.function.DoubleToLongFunction;

/**
 * select(flops(x)) (docs/theory.md section 5): before the stage runs, one setting shared by all its
 * layers is found by bisection so that the network with every layer at its width has at most x of
 * the original FLOPs; each group is then selected at its planned count.
 *
 * @param planned each step's plan, by the step's order
 */
record FlopsPlan(Map<Integer, BudgetSearch.Flops> planned) implements WidthPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FlopsPlan.class);

    /** Bisection steps on the shared epsilon or ratio of a flops stage: far below one neuron's FLOPs. */
    static final int FLOPS_BISECTION_STEPS = 48;
    /** The smallest shared epsilon a flops stage tries: the runner's precision floor. */
    static final double SMALLEST_EPSILON = Width.PRECISION_FLOOR;

    @Override
    public Option<Integer> count(GroupContext g) {
        return Option.some(of(g).width());
    }

    @Override
    public LayerResult select(GroupContext g, Selector selector) {
        BudgetSearch.Flops flops = of(g);
        return LayerResult.of(g, selector.select(g, new Width.Count(flops.width())), Option.some(flops));
    }

    private BudgetSearch.Flops of(GroupContext g) {
        return planned.get(g.step().order()).getOrElseThrow(() -> new IllegalStateException(
                "step " + g.step().order() + " is not in the flops plan of its stage"));
    }

    /** The widths of a stage's layers, planned on the network as the stage starts. */
    static FlopsPlan plan(RunContext run, List<Plan.PruneStep> steps, Budget.Flops flops, Architecture arch,
                          ModelWeights weights) {
        StageSpec stage = steps.head().stage();
        List<ChannelGroup> groups = steps.map(s -> arch.groupOf(s.group().layers().head()));
        long originalFlops = run.plan().architecture().totalFlops();
        double target = flops.fraction() * originalFlops;
        DoubleFunction<int[]> widthsAt;
        BudgetSearch.By by;
        double widest;
        double narrowest;
        if (stage.method().isGreedy()) {
            // Each layer's whole greedy path on the statistics of the network as the stage starts; the
            // width at a shared tolerance eps is where that path first has L <= eps L(empty).
            LocalImitation local = new LocalImitation(stage.rule().getOrElse(StepRule.OPTIMIZE_GAMMA), stage.target());
            List<Selection> paths;
            try (Model model = Model.build(arch, weights)) {
                paths = groups.map(g -> local.path(run.gram(model, weights, g, stage.target()),
                        new Width.Count(g.width()).stop()));
            }
            widthsAt = logEps -> paths.map(p -> widthAtTolerance(p, Math.exp(logEps))).toJavaStream()
                    .mapToInt(Integer::intValue).toArray();
            by = BudgetSearch.By.TOLERANCE;
            widest = Math.log(SMALLEST_EPSILON);
            narrowest = 0;
        } else {
            widthsAt = r -> groups.map(g -> Math.max(1, (int) Math.ceil(r * g.width()))).toJavaStream()
                    .mapToInt(Integer::intValue).toArray();
            by = BudgetSearch.By.RATIO;
            widest = 1;
            narrowest = 0;
        }
        DoubleToLongFunction flopsAt = t -> flopsWith(arch, groups, widthsAt.apply(t));
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
        double shown = by == BudgetSearch.By.TOLERANCE ? Math.exp(setting) : setting;
        LOG.info("flops({}): shared {} {} gives widths {}, {} of {} FLOPs ({})", flops.fraction(), by.word(), shown,
                Arrays.toString(widths), planned, originalFlops, (double) planned / originalFlops);
        Map<Integer, BudgetSearch.Flops> plans = HashMap.empty();
        for (int i = 0; i < steps.size(); i++) {
            plans = plans.put(steps.get(i).order(),
                    new BudgetSearch.Flops(flops.fraction(), by, shown, originalFlops, planned, widths[i]));
        }
        return new FlopsPlan(plans);
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
}
