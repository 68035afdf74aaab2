package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.Alignment;
import io.winnow.dsl.Plan;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.model.ModelWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The width allocation of a greedy flops stage (docs/theory.md section 6): every group alone is cut to
 * each width of a grid by the stage's own selection, the rest of the network intact, and the rise of
 * the calibration loss is its damage there. The widths then minimise the summed damage within the
 * budget: lowered greedily where the damage rises least per FLOP saved, spare FLOPs given back, and
 * pair exchanges until none helps; never below the floor each curve carries ({@link Curve#from}).
 * Damage is measured on the network's output, so it is comparable across layers where a per-layer
 * tolerance is not.
 */
final class SensitivityPlan {

    private static final Logger LOG = LoggerFactory.getLogger(SensitivityPlan.class);

    /** Grid points per group: widths ceil(N j / GRID) for j = 1 .. GRID - 1, plus 1 and N. */
    static final int GRID = 16;

    private SensitivityPlan() {
    }

    /**
     * One group's damage curve: calibration-loss rise at each probed width, made non-increasing in the
     * width (a wider layer is never charged more than a narrower one); the probe at full width is the
     * intact layer, damage 0.
     *
     * @param widths probed widths, ascending, the last one the group's full width
     * @param damage the damage at each width
     */
    record Curve(int[] widths, double[] damage) {

        Curve {
            damage = damage.clone();
            for (int i = damage.length - 2; i >= 0; i--) {
                damage[i] = Math.max(damage[i], damage[i + 1]);
            }
        }

        int full() {
            return widths[widths.length - 1];
        }

        /** The damage at width k, linear between probed widths; infinite below the narrowest probe. */
        double at(int k) {
            int i = Arrays.binarySearch(widths, k);
            if (i >= 0) {
                return damage[i];
            }
            int hi = -i - 1;
            if (hi == 0) {
                return Double.POSITIVE_INFINITY;
            }
            int lo = hi - 1;
            double t = (double) (k - widths[lo]) / (widths[hi] - widths[lo]);
            return damage[lo] + t * (damage[hi] - damage[lo]);
        }

        /**
         * The curve from {@code floor} up: narrower widths are not allowed ({@link #at} is infinite there),
         * and the floor becomes a probe whose damage is read off the curve.
         */
        Curve from(int floor) {
            if (floor <= widths[0]) {
                return this;
            }
            int[] ks = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(floor),
                    Arrays.stream(widths).filter(k -> k > floor)).toArray();
            double[] ds = Arrays.stream(ks).mapToDouble(this::at).toArray();
            return new Curve(ks, ds);
        }

        /** The largest probed width below k; k itself where none is. */
        int below(int k) {
            int i = Arrays.binarySearch(widths, k);
            int idx = (i >= 0 ? i : -i - 1) - 1;
            return idx < 0 ? k : widths[idx];
        }
    }

    /**
     * The widths probed for a group of {@code n} channels under {@code alignment}: {@link #grid(int)} over
     * the allowed widths' positions, so with every width allowed, grid(n) itself.
     */
    static int[] grid(int n, Alignment alignment) {
        int[] allowed = alignment.allowed(n);
        return Arrays.stream(grid(allowed.length)).map(i -> allowed[i - 1]).toArray();
    }

    /** The widths probed for a group of {@code n} channels, ascending, from 1 to n. */
    static int[] grid(int n) {
        java.util.TreeSet<Integer> ks = new java.util.TreeSet<>();
        ks.add(1);
        for (int j = 1; j < GRID; j++) {
            ks.add(Math.max(1, (int) Math.ceil((double) n * j / GRID)));
        }
        ks.add(n);
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Each step's group's damage curve, probed with the stage's local selection on {@code arch} and
     * {@code weights}, the network as the stage starts; its loss, the base of every rise, is measured once.
     */
    static List<Curve> curves(RunContext run, Architecture arch, ModelWeights weights, List<Plan.PruneStep> steps,
                              LocalImitation local) {
        double base = run.evaluate(arch, weights).loss();
        List<Curve> curves = List.empty();
        for (int g = 0; g < steps.size(); g++) {
            GroupContext group = new GroupContext(run, steps.get(g), arch, weights,
                    arch.groupOf(steps.get(g).group().layers().head()));
            Selector.Search search = local.search(group);
            int[] widths = grid(group.group().width(), group.stage().alignment());
            double[] damage = new double[widths.length];
            for (int i = 0; i < widths.length - 1; i++) {
                Mixing mixing = search.at().apply(widths[i]).mixing();
                damage[i] = group.evaluateWith(mixing).loss() - base;
            }
            Curve curve = new Curve(widths, damage);
            LOG.info("flops plan: group {} of {} ({}), calibration-loss rise by width {}", g + 1, steps.size(),
                    group.group().layers().mkString("+"), describe(curve));
            curves = curves.append(curve);
        }
        return curves;
    }

    /**
     * The widths that fit {@code target} FLOPs, in three passes: the greedy descent ({@link #descend}),
     * the FLOPs it left unspent given back channel by channel ({@link #fill}), then pair exchanges
     * ({@link #improve}). All ones where even that does not fit.
     *
     * @param network the network's FLOPs with every group at the given widths
     * @return the widths and the damage per FLOP of the last step taken (the price the plan stopped at)
     */
    static Allocation allocate(List<Curve> curves, ToLongFunction<int[]> network, double target) {
        java.util.Map<List<Integer>, Long> seen = new java.util.HashMap<>();
        ToLongFunction<int[]> flops = w -> seen.computeIfAbsent(List.ofAll(w), k -> network.applyAsLong(w));
        Allocation descent = descend(curves, flops, target);
        int[] filled = fill(curves, flops, target, descent.widths());
        return new Allocation(improve(curves, flops, target, filled), descent.price());
    }

    /**
     * The greedy descent alone: from full width, the group whose next lower probed width costs the least
     * damage per FLOP saved steps down, until the network fits; the last step is then taken back channel
     * by channel as far as the budget allows.
     */
    static Allocation descend(List<Curve> curves, ToLongFunction<int[]> flops, double target) {
        int n = curves.size();
        int[] w = curves.map(Curve::full).toJavaStream().mapToInt(Integer::intValue).toArray();
        double price = 0;
        while (flops.applyAsLong(w) > target) {
            int best = -1;
            double bestPrice = Double.POSITIVE_INFINITY;
            long bestSaving = 0;
            long now = flops.applyAsLong(w);
            for (int i = 0; i < n; i++) {
                Curve c = curves.get(i);
                int next = c.below(w[i]);
                if (next >= w[i]) {
                    continue;
                }
                int[] t = w.clone();
                t[i] = next;
                long saving = now - flops.applyAsLong(t);
                if (saving <= 0) {
                    continue;
                }
                double p = (c.at(next) - c.at(w[i])) / saving;
                if (p < bestPrice || (p == bestPrice && saving > bestSaving)) {
                    best = i;
                    bestPrice = p;
                    bestSaving = saving;
                }
            }
            if (best < 0) {
                Arrays.fill(w, 1);
                return new Allocation(w, price);
            }
            int from = w[best];
            w[best] = curves.get(best).below(from);
            price = bestPrice;
            if (flops.applyAsLong(w) <= target) {
                // Take the last step back as far as the budget allows: the widest width in (next, from) that fits.
                int lo = w[best];
                int hi = from;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    int[] t = w.clone();
                    t[best] = mid;
                    if (flops.applyAsLong(t) <= target) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                w[best] = lo;
            }
        }
        return new Allocation(w, price);
    }

    /**
     * Pair exchanges from a plan that fits: one group is widened (by a few channels, or to a wider probed
     * width) and another narrowed just enough to fit again, the exchange that lowers the total damage
     * most taken each round, until none does. The greedy descent alone stalls where FLOPs are products of widths
     * (a conv's cost is its input width times its output width): cutting the cheap layer first makes
     * the other look cheap to keep.
     */
    static int[] improve(List<Curve> curves, ToLongFunction<int[]> flops, double target, int[] start) {
        int n = curves.size();
        int[] w = start.clone();
        double total = damage(curves, w);
        for (int round = 0; round < MAX_EXCHANGES; round++) {
            int[] best = null;
            double bestTotal = total;
            for (int i = 0; i < n; i++) {
                for (int up : wider(curves.get(i), w[i])) {
                    for (int j = 0; j < n; j++) {
                        if (j == i) {
                            continue;
                        }
                        int[] t = w.clone();
                        t[i] = up;
                        int fit = widestFitting(t, j, flops, target);
                        if (fit < 1) {
                            continue;
                        }
                        t[j] = fit;
                        double d = damage(curves, t);
                        if (d < bestTotal - 1e-12) {
                            best = t;
                            bestTotal = d;
                        }
                    }
                }
            }
            if (best == null) {
                break;
            }
            w = best;
            total = bestTotal;
        }
        return fill(curves, flops, target, w);
    }

    /**
     * FLOPs left unspent, given back: one channel at a time, to the group whose next channel lowers the
     * damage most per FLOP it costs, until no channel fits or none lowers the damage.
     */
    static int[] fill(List<Curve> curves, ToLongFunction<int[]> flops, double target, int[] start) {
        int[] w = start.clone();
        while (true) {
            long now = flops.applyAsLong(w);
            int best = -1;
            double bestRate = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i] >= curves.get(i).full()) {
                    continue;
                }
                int[] t = w.clone();
                t[i]++;
                long after = flops.applyAsLong(t);
                double gain = curves.get(i).at(w[i]) - curves.get(i).at(t[i]);
                if (after > target || gain <= 0) {
                    continue;
                }
                double rate = gain / Math.max(1, after - now);
                if (rate > bestRate) {
                    best = i;
                    bestRate = rate;
                }
            }
            if (best < 0) {
                return w;
            }
            w[best]++;
        }
    }

    /** The widths an exchange may widen a group to from k: the next few channels, and every wider probe. */
    private static int[] wider(Curve c, int k) {
        return java.util.stream.IntStream.concat(
                        java.util.stream.IntStream.rangeClosed(k + 1, Math.min(c.full(), k + SMALL_STEPS)),
                        Arrays.stream(c.widths()).filter(x -> x > k + SMALL_STEPS))
                .toArray();
    }

    /** Single-channel widenings an exchange tries before the probed widths. */
    static final int SMALL_STEPS = 8;

    /** Exchange rounds at most; each lowers the total damage, so the search ends well before this. */
    static final int MAX_EXCHANGES = 200;

    /** The widest width of group j, no wider than {@code w[j]}, with which {@code w} fits the target; 0 where none does. */
    private static int widestFitting(int[] w, int j, ToLongFunction<int[]> flops, double target) {
        int[] t = w.clone();
        t[j] = 1;
        if (flops.applyAsLong(t) > target) {
            return 0;
        }
        int lo = 1;
        int hi = w[j] + 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            t[j] = mid;
            if (flops.applyAsLong(t) <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double damage(List<Curve> curves, int[] w) {
        double d = 0;
        for (int i = 0; i < w.length; i++) {
            d += curves.get(i).at(w[i]);
        }
        return d;
    }

    /** Planned widths and the damage per FLOP where the plan stopped. */
    record Allocation(int[] widths, double price) {
    }

    private static String describe(Curve c) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < c.widths().length; i++) {
            s.append(i == 0 ? "" : " ").append(c.widths()[i]).append(':')
                    .append(String.format(Locale.ROOT, "%.3g", c.damage()[i]));
        }
        return s.toString();
    }
}
