package io.winnow.tf.prune;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import io.winnow.dsl.Alignment;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Budget;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StageSpec;
import io.winnow.dsl.StepRule;
import io.winnow.engine.model.ModelWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.DoubleFunction;
import java.util.function.DoubleToLongFunction;

/**
 * select(flops(x)) (docs/theory.md section 6): before the stage runs, every layer's width is planned so
 * that the network with every layer at its width has at most x of the original FLOPs; each group is
 * then selected at its planned count. Greedy stages plan by each layer's measured damage per FLOP
 * ({@link SensitivityPlan}); baselines share one ratio of every layer's width, found by bisection.
 *
 * @param planned each step's plan, by the step's order
 */
record FlopsPlan(Map<Integer, BudgetSearch.Flops> planned) implements WidthPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FlopsPlan.class);

    /** Bisection steps on a baseline stage's shared ratio: far below one neuron's FLOPs. */
    static final int FLOPS_BISECTION_STEPS = 48;

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
        long start = System.nanoTime();
        Allowed allowed = new Allowed(groups.map(g -> stage.alignment().allowed(g.width())).toJavaList());
        if (stage.method().isGreedy()) {
            // Every group's damage curve, probed with the stage's own local selection (global imitation
            // plans on local curves: a global selection per probe would cost more than the stage itself).
            LocalImitation local = new LocalImitation(stage.rule().getOrElse(StepRule.OPTIMIZE_GAMMA), stage.target());
            List<SensitivityPlan.Curve> curves = SensitivityPlan.curves(run, arch, weights, steps, local);
            run.forgetUpstream();
            // The additive damage model is trusted near a uniform cut only: no layer goes below half the
            // width a shared ratio would give it (docs/theory.md section 6). The floors are no wider than
            // the shared ratio's widths, so whenever those fit, the floored plan fits too.
            int[] uniform = allowed.positions(sharedRatio(arch, groups, target, stage.alignment()).widths());
            // The allocation runs on positions among the allowed widths (the widths themselves without align).
            List<SensitivityPlan.Curve> floored = List.range(0, curves.size())
                    .map(i -> allowed.positions(i, curves.get(i)).from(Math.max(1, (uniform[i] + 1) / 2)));
            SensitivityPlan.Allocation a = SensitivityPlan.allocate(floored,
                    p -> flopsWith(arch, groups, allowed.widths(p)), target);
            int[] widths = allowed.widths(a.widths());
            LOG.info("flops plan: {} groups probed and allocated in {} s", steps.size(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return record(steps, flops, BudgetSearch.By.SENSITIVITY, a.price(), originalFlops,
                    flopsWith(arch, groups, widths), widths);
        }
        Uniform u = sharedRatio(arch, groups, target, stage.alignment());
        return record(steps, flops, BudgetSearch.By.RATIO, u.ratio(), originalFlops, flopsWith(arch, groups, u.widths()),
                u.widths());
    }

    /** One ratio shared by every group and the widths it gives. */
    private record Uniform(double ratio, int[] widths) {
    }

    /**
     * Each group's allowed widths under the stage's align(m), ascending (1..N without it), and the map
     * between a width and its position among them (1-based), on which the sensitivity allocation runs.
     */
    private record Allowed(java.util.List<int[]> byGroup) {

        int[] widths(int[] positions) {
            int[] w = new int[positions.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = byGroup.get(i)[positions[i] - 1];
            }
            return w;
        }

        /** Each width's position; every width must be allowed. */
        int[] positions(int[] widths) {
            int[] p = new int[widths.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = position(i, widths[i]);
            }
            return p;
        }

        /** Group i's curve with its probed widths replaced by their positions. */
        SensitivityPlan.Curve positions(int i, SensitivityPlan.Curve curve) {
            int[] p = Arrays.stream(curve.widths()).map(w -> position(i, w)).toArray();
            double[] damage = Arrays.stream(curve.widths()).mapToDouble(curve::at).toArray();
            return new SensitivityPlan.Curve(p, damage);
        }

        private int position(int i, int width) {
            int at = Arrays.binarySearch(byGroup.get(i), width);
            if (at < 0) {
                throw new IllegalStateException("width " + width + " is not allowed in group " + (i + 1));
            }
            return at + 1;
        }
    }

    /**
     * The largest ratio shared by every group, found by bisection, whose widths (rounded to the nearest
     * allowed width) fit the target; every group at its narrowest allowed width where none does.
     */
    private static Uniform sharedRatio(Architecture arch, List<ChannelGroup> groups, double target,
                                       Alignment alignment) {
        DoubleFunction<int[]> widthsAt = r -> groups.map(g -> alignment.nearest(Math.max(1, (int) Math.ceil(r * g.width())),
                        g.width()))
                .toJavaStream().mapToInt(Integer::intValue).toArray();
        DoubleToLongFunction flopsAt = r -> flopsWith(arch, groups, widthsAt.apply(r));
        double ratio;
        if (flopsAt.applyAsLong(1) <= target) {
            ratio = 1;
        } else if (flopsAt.applyAsLong(0) > target) {
            ratio = 0;
        } else {
            double fail = 1;
            double pass = 0;
            for (int i = 0; i < FLOPS_BISECTION_STEPS; i++) {
                double mid = (fail + pass) / 2;
                if (flopsAt.applyAsLong(mid) <= target) {
                    pass = mid;
                } else {
                    fail = mid;
                }
            }
            ratio = pass;
        }
        int[] widths = widthsAt.apply(ratio);
        if (flopsWith(arch, groups, widths) > target) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = alignment.narrowest(groups.get(i).width());
            }
        }
        return new Uniform(ratio, widths);
    }

    private static FlopsPlan record(List<Plan.PruneStep> steps, Budget.Flops flops, BudgetSearch.By by, double shown,
                                    long originalFlops, long planned, int[] widths) {
        String how = by == BudgetSearch.By.RATIO ? "shared ratio " + shown
                : "sensitivity plan (its last step costs " + shown + " calibration loss per FLOP)";
        LOG.info("flops({}): {} gives widths {}, {} of {} FLOPs ({})", flops.fraction(), how,
                Arrays.toString(widths), planned, originalFlops, (double) planned / originalFlops);
        Map<Integer, BudgetSearch.Flops> plans = HashMap.empty();
        for (int i = 0; i < steps.size(); i++) {
            plans = plans.put(steps.get(i).order(),
                    new BudgetSearch.Flops(flops.fraction(), by, shown, originalFlops, planned, widths[i]));
        }
        return new FlopsPlan(plans);
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
