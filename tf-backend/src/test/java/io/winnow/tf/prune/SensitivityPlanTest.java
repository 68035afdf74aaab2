package io.winnow.tf.prune;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The flops planner's allocation, checked against brute force over every combination of widths on
 * small random problems whose FLOPs are a chain of products, as a conv net's are.
 */
class SensitivityPlanTest {

    @Test
    void theGridRunsFromOneToTheFullWidthAscending() {
        for (int n : new int[] {1, 2, 3, 7, 16, 17, 32, 256, 1000}) {
            int[] grid = SensitivityPlan.grid(n);
            assertThat(grid[0]).isEqualTo(1);
            assertThat(grid[grid.length - 1]).isEqualTo(n);
            assertThat(grid.length).isLessThanOrEqualTo(SensitivityPlan.GRID + 1);
            for (int i = 1; i < grid.length; i++) {
                assertThat(grid[i]).isGreaterThan(grid[i - 1]);
            }
        }
    }

    @Test
    void aCurveNeverChargesAWiderWidthMoreAndInterpolatesBetweenProbes() {
        SensitivityPlan.Curve c = new SensitivityPlan.Curve(new int[] {1, 4, 8}, new double[] {2.0, 3.0, 0.0});
        assertThat(c.at(1)).isEqualTo(3.0);
        assertThat(c.at(4)).isEqualTo(3.0);
        assertThat(c.at(6)).isCloseTo(1.5, within(1e-12));
        assertThat(c.at(8)).isEqualTo(0.0);
        assertThat(c.below(8)).isEqualTo(4);
        assertThat(c.below(5)).isEqualTo(4);
        assertThat(c.below(1)).isEqualTo(1);
    }

    @Test
    void thePlanFitsTheBudgetAndMatchesBruteForceOnMostRandomChains() {
        Random random = new Random(11);
        int optimal = 0;
        int trials = 200;
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(2);
            int[] full = new int[n];
            List<SensitivityPlan.Curve> curves = List.empty();
            for (int i = 0; i < n; i++) {
                full[i] = 3 + random.nextInt(8);
                curves = curves.append(randomCurve(full[i], random));
            }
            long[] perPair = new long[n + 1];
            for (int i = 0; i <= n; i++) {
                perPair[i] = 1 + random.nextInt(20);
            }
            ToLongFunction<int[]> flops = w -> chain(w, perPair);
            double target = (0.1 + 0.8 * random.nextDouble()) * chain(full, perPair);

            SensitivityPlan.Allocation plan = SensitivityPlan.allocate(curves, flops, target);
            double best = bruteForce(curves, full, flops, target);
            if (best == Double.POSITIVE_INFINITY) {
                assertThat(plan.widths()).as("trial %d: nothing fits, so the smallest network", trial).containsOnly(1);
                trials--;
                continue;
            }
            assertThat((double) flops.applyAsLong(plan.widths())).as("trial %d fits", trial).isLessThanOrEqualTo(target);
            double damage = SensitivityPlan.damage(curves, plan.widths());
            double descent = SensitivityPlan.damage(curves, SensitivityPlan.descend(curves, flops, target).widths());
            assertThat(damage).as("trial %d: exchanges never add damage", trial).isLessThanOrEqualTo(descent + 1e-12);
            assertThat(damage).as("trial %d: no plan beats brute force", trial).isGreaterThanOrEqualTo(best - 1e-12);
            if (damage <= best + 1e-9) {
                optimal++;
            }
        }
        assertThat(trials).as("trials where something fits").isGreaterThan(150);
        assertThat(optimal).as("plans at the brute-force optimum, of %d", trials).isGreaterThanOrEqualTo(trials * 9 / 10);
    }

    @Test
    void exchangesLeaveTheProductTrapThatTheGreedyDescentFallsInto() {
        // conv1 (8 wide) is cheap alone but multiplies conv2's cost; conv2 (8 wide) is free to cut at first.
        // The descent cuts conv2 first, after which conv1 saves little per channel and stays wide.
        SensitivityPlan.Curve conv1 = new SensitivityPlan.Curve(new int[] {1, 2, 4, 6, 8},
                new double[] {5.0, 1.0, 0.5, 0.3, 0.0});
        SensitivityPlan.Curve conv2 = new SensitivityPlan.Curve(new int[] {1, 2, 4, 6, 8},
                new double[] {5.0, 2.0, 0.4, 0.0, 0.0});
        List<SensitivityPlan.Curve> curves = List.of(conv1, conv2);
        long[] perPair = {1, 10, 1};
        ToLongFunction<int[]> flops = w -> chain(w, perPair);
        double target = 0.25 * chain(new int[] {8, 8}, perPair);
        double best = bruteForce(curves, new int[] {8, 8}, flops, target);
        SensitivityPlan.Allocation descent = SensitivityPlan.descend(curves, flops, target);
        SensitivityPlan.Allocation plan = SensitivityPlan.allocate(curves, flops, target);
        assertThat(SensitivityPlan.damage(curves, descent.widths())).isGreaterThan(best + 0.1);
        assertThat(SensitivityPlan.damage(curves, plan.widths())).isCloseTo(best, within(1e-9));
    }

    /** FLOPs of a chain: input width 3, then each group; each adjacent pair costs perPair times their product. */
    private static long chain(int[] w, long[] perPair) {
        long total = 0;
        int previous = 3;
        for (int i = 0; i < w.length; i++) {
            total += perPair[i] * previous * w[i];
            previous = w[i];
        }
        return total + perPair[w.length] * previous * 10;
    }

    /** Damage at probes of grid(n): random, falling towards full width, zero there. */
    private static SensitivityPlan.Curve randomCurve(int n, Random random) {
        int[] widths = SensitivityPlan.grid(n);
        double[] damage = new double[widths.length];
        double d = 0;
        for (int i = widths.length - 2; i >= 0; i--) {
            d += random.nextDouble() * random.nextDouble() * 3;
            damage[i] = d;
        }
        return new SensitivityPlan.Curve(widths, damage);
    }

    /** The least total damage over every combination of integer widths that fits. */
    private static double bruteForce(List<SensitivityPlan.Curve> curves, int[] full, ToLongFunction<int[]> flops,
                                     double target) {
        int n = full.length;
        int[] w = new int[n];
        java.util.Arrays.fill(w, 1);
        double best = Double.POSITIVE_INFINITY;
        while (true) {
            if (flops.applyAsLong(w) <= target) {
                best = Math.min(best, SensitivityPlan.damage(curves, w));
            }
            int i = 0;
            while (i < n && w[i] == full[i]) {
                w[i] = 1;
                i++;
            }
            if (i == n) {
                return best;
            }
            w[i]++;
        }
    }
}
