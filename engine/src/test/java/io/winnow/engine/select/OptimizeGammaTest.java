package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OptimizeGammaTest {

    /** Grid points per U_i in the brute-force search. */
    private static final int GRID = 400;

    private record Problem(double[][] phi, Gram gram) {
    }

    private static List<Problem> problems(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int m = 2 + rng.nextInt(7);
            int n = 2 + rng.nextInt(11);
            double[][] phi = Explicit.randomPhi(rng, m, n);
            out.add(new Problem(phi, Gram.ofPhi(phi)));
        }
        return out;
    }

    private static Selection run(Problem p) {
        return OptimizeGamma.select(p.gram(), Stop.atTolerance(1e-8).withMaxSteps(60));
    }

    @Test
    void everyStepReachesTheLossOfABruteForceSearchOverNeuronAndGamma() {
        int steps = 0;
        for (Problem p : problems(21, 60)) {
            Selection s = run(p);
            double tolerance = 1e-9 * p.gram().lossScale();
            for (SelectionStep step : s.steps()) {
                double[] a = s.weightsAfter(step.k());
                double best = bruteForceBestLoss(p.phi(), a);
                assertThat(step.lossAfter()).as("step %d", step.k()).isCloseTo(best, within(tolerance));
                steps++;
            }
        }
        assertThat(steps).isGreaterThan(500);
    }

    /**
     * min over i with a_i < 1 and gamma in U_i of (1/m)||(1-gamma) f + gamma N phi_i - y*||^2, from
     * explicit vectors: a grid over U_i plus the stationary point of the 1-D quadratic.
     */
    private static double bruteForceBestLoss(double[][] phi, double[] a) {
        double[] f = Explicit.output(phi, a);
        double[] y = Explicit.target(phi);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 1) {
                continue;
            }
            double lo = -a[i] / (1 - a[i]);
            double[] v = Explicit.vertex(phi, i);
            for (int g = 0; g <= GRID; g++) {
                double gamma = lo + (1 - lo) * g / GRID;
                best = Math.min(best, Explicit.loss(phi, Explicit.move(f, v, gamma)));
            }
            double[] d = Explicit.minus(v, f);
            double dd = Explicit.dot(d, d);
            if (dd > 0) {
                double stationary = Explicit.dot(Explicit.minus(y, f), d) / dd;
                double gamma = Math.min(1, Math.max(lo, stationary));
                best = Math.min(best, Explicit.loss(phi, Explicit.move(f, v, gamma)));
            }
        }
        return best;
    }

    @Test
    void theRecordedLossEqualsTheExplicitDiscrepancyOfTheReplayedWeights() {
        for (Problem p : problems(22, 40)) {
            Selection s = run(p);
            double tolerance = 1e-10 * p.gram().lossScale();
            double[] losses = s.losses();
            for (int k = 0; k < losses.length; k++) {
                double explicit = Explicit.loss(p.phi(), Explicit.output(p.phi(), s.weightsAfter(k)));
                assertThat(losses[k]).isCloseTo(explicit, within(tolerance));
            }
        }
    }

    @Test
    void everyGammaLiesInItsFeasibleIntervalU_i() {
        for (Problem p : problems(23, 60)) {
            Selection s = run(p);
            for (SelectionStep step : s.steps()) {
                double ai = s.weightsAfter(step.k())[step.neuron()];
                assertThat(ai).isLessThan(1);
                assertThat(step.gamma()).isBetween(-ai / (1 - ai), 1.0);
            }
        }
    }

    @Test
    void theWeightsStayInTheSimplexAfterEveryStep() {
        for (Problem p : problems(24, 60)) {
            Selection s = run(p);
            for (int k = 0; k <= s.steps().size(); k++) {
                double[] a = s.weightsAfter(k);
                double sum = 0;
                for (double w : a) {
                    assertThat(w).isGreaterThanOrEqualTo(0);
                    sum += w;
                }
                assertThat(sum).isCloseTo(1, within(1e-12));
            }
            assertThat(s.weights()).containsExactly(s.weightsAfter(s.steps().size()));
        }
    }

    @Test
    void awayStepsHappen() {
        int away = 0;
        for (Problem p : problems(25, 60)) {
            away += (int) run(p).steps().stream().filter(SelectionStep::away).count();
        }
        assertThat(away).isGreaterThan(50);
    }

    @Test
    void anAwayStepAtTheLowerEndOfU_iDropsTheNeuronExactly() {
        // Exact line search rarely lands on the lower end; in m = 4, N = 6 about one run in
        // fifty does, so search a fixed stream of instances for such steps.
        SplittableRandom rng = new SplittableRandom(406);
        int drops = 0;
        for (int t = 0; t < 400 && drops < 3; t++) {
            double[][] phi = Explicit.randomPhi(rng, 4, 6);
            Selection s = OptimizeGamma.select(Gram.ofPhi(phi), Stop.atTolerance(1e-10).withMaxSteps(200));
            for (SelectionStep step : s.steps()) {
                double ai = s.weightsAfter(step.k())[step.neuron()];
                if (step.gamma() == -ai / (1 - ai)) {
                    assertThat(s.weightsAfter(step.k() + 1)[step.neuron()]).isZero();
                    assertThat(step.support()).isEqualTo(s.weightsAfter(step.k()).length
                            - (int) java.util.Arrays.stream(s.weightsAfter(step.k() + 1)).filter(w -> w == 0).count());
                    drops++;
                }
            }
        }
        assertThat(drops).isPositive();
    }

    @Test
    void theMarginAndDiameterOfEachStepMatchTheirExplicitDefinitions() {
        for (Problem p : problems(26, 30)) {
            Selection s = run(p);
            int n = p.gram().width();
            for (SelectionStep step : s.steps()) {
                double[] f = Explicit.output(p.phi(), s.weightsAfter(step.k()));
                double[] r = Explicit.minus(Explicit.target(p.phi()), f);
                double margin = Double.NEGATIVE_INFINITY;
                double diameter = 0;
                for (int i = 0; i < n; i++) {
                    double[] d = Explicit.minus(Explicit.vertex(p.phi(), i), f);
                    margin = Math.max(margin, Explicit.dot(r, d));
                    diameter = Math.max(diameter, Explicit.norm(d));
                }
                margin /= Explicit.norm(r);
                // r_k divides by ||r||; its rounding grows as L_k shrinks, so compare early steps only.
                if (step.lossBefore() > 1e-6 * p.gram().lossScale()) {
                    assertThat(step.margin()).isCloseTo(margin, within(1e-6 * diameter));
                }
                assertThat(step.diameter()).isCloseTo(diameter, within(1e-9 * diameter));
            }
        }
    }

    @Test
    void itStartsFromTheBestSingleNeuron() {
        for (Problem p : problems(27, 30)) {
            Selection s = run(p);
            int n = p.gram().width();
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                best = Math.min(best, Explicit.loss(p.phi(), Explicit.vertex(p.phi(), i)));
            }
            assertThat(s.initialLoss()).isCloseTo(best, within(1e-10 * p.gram().lossScale()));
            assertThat(s.kept()).isNotEmpty();
        }
    }

    @Test
    void withoutPolishACountBudgetStopsWhenTheSupportFirstReachesK() {
        for (Problem p : problems(28, 40)) {
            int n = p.gram().width();
            int k = 1 + (int) (p.gram().total() * 1000 % n);
            Selection s = OptimizeGamma.select(p.gram(), Stop.atCount(k).withoutPolish());
            assertThat(s.polishSteps()).isZero();
            assertThat(s.polished()).isEqualTo(Polish.Outcome.NOT_RUN);
            if (s.stopped() == StopReason.COUNT_REACHED) {
                assertThat(s.kept()).hasSize(k);
                for (int j = 0; j < s.steps().size() - 1; j++) {
                    assertThat(s.steps().get(j).support()).isLessThan(k);
                }
            } else {
                assertThat(s.stopped()).isIn(StopReason.EXACT, StopReason.NO_DECREASE, StopReason.PRECISION_FLOOR);
            }
        }
    }

    @Test
    void withPolishTheGreedyPathIsUnchangedAndPolishOnlyImprovesIt() {
        // Polish starts where the bare path stops: the same steps, then polish steps that keep
        // support <= k and lower L (docs/theory.md section 2, "Polish").
        for (Problem p : problems(28, 40)) {
            int n = p.gram().width();
            int k = 1 + (int) (p.gram().total() * 1000 % n);
            Selection bare = OptimizeGamma.select(p.gram(), Stop.atCount(k).withoutPolish());
            Selection polished = OptimizeGamma.select(p.gram(), Stop.atCount(k));
            assertThat(polished.steps().subList(0, bare.steps().size())).isEqualTo(bare.steps());
            assertThat(polished.stopped()).isEqualTo(bare.stopped());
            assertThat(polished.loss()).isLessThanOrEqualTo(bare.loss() + 1e-12 * p.gram().lossScale());
            assertThat(polished.kept().length).isLessThanOrEqualTo(k);
            if (bare.stopped() == StopReason.COUNT_REACHED) {
                assertThat(polished.polished()).isIn(Polish.Outcome.CONVERGED, Polish.Outcome.EXACT);
            }
            for (SelectionStep step : polished.steps().subList(bare.steps().size(), polished.steps().size())) {
                assertThat(step.support()).isLessThanOrEqualTo(k);
            }
        }
    }

    @Test
    void aToleranceBudgetStopsAtTheFirstLossBelowEpsilonTimesTheEmptyLoss() {
        for (Problem p : problems(29, 40)) {
            double eps = 1e-3;
            Selection s = OptimizeGamma.select(p.gram(), Stop.atTolerance(eps));
            double[] losses = s.losses();
            if (s.stopped() == StopReason.TOLERANCE_REACHED) {
                assertThat(losses[losses.length - 1]).isLessThanOrEqualTo(eps * s.emptyLoss());
            }
            for (int k = 0; k < losses.length - 1; k++) {
                assertThat(losses[k]).isGreaterThan(eps * s.emptyLoss());
            }
        }
    }

    @Test
    void withTwoNeuronsOptimizeGammaIsNeverWorseThanFixedGamma() {
        // Both start from the best single neuron; from there fixedGamma's step 1/2 is one of the
        // steps optimizeGamma searches, so at support 2 the optimised step cannot lose.
        for (Problem p : problems(30, 150)) {
            Selection optimized = OptimizeGamma.select(p.gram(), Stop.atCount(2));
            Selection fixed = FixedGamma.select(p.gram(), Stop.atCount(2));
            assertThat(optimized.loss()).isLessThanOrEqualTo(fixed.loss() + 1e-12 * p.gram().lossScale());
        }
    }

    @Test
    void withoutPolishOptimizeGammaIsRarelyWorseThanFixedGammaAndBetterOnAverage() {
        // Not a theorem: stopping when the support first reaches k, optimizeGamma's path can end
        // above GFS's (about 2% of (instance, k) pairs here, never at k = 2). Measured, not assumed.
        int compared = 0;
        int worse = 0;
        double logRatio = 0;
        for (Problem p : problems(30, 150)) {
            int n = p.gram().width();
            for (int k = 1; k < n; k++) {
                double optimized = OptimizeGamma.select(p.gram(), Stop.atCount(k).withoutPolish()).loss();
                double fixed = FixedGamma.select(p.gram(), Stop.atCount(k)).loss();
                if (optimized > fixed + 1e-12 * p.gram().lossScale()) {
                    worse++;
                }
                logRatio += Math.log((optimized + 1e-300) / (fixed + 1e-300));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(500);
        assertThat((double) worse / compared).isLessThan(0.05);
        assertThat(logRatio / compared).isLessThan(Math.log(0.8));
    }

    /**
     * The sample of docs/theory.md section 2 ("Never above GFS"): N in 1..16, m in 1..10, every k in
     * 1..N. With its default polish, optimizeGamma compares its face with GFS's ({@link GfsComparison})
     * and never ends above fixedGamma at the same width; "above" means by more than 1e-12 of the loss
     * scale, the rounding of L.
     *
     * <p>Without that comparison it does, which is why it is there: the two rules can keep different
     * neurons, and polish only optimises the weights of the set optimizeGamma chose (about 0.7% of the
     * pairs here; 6% for the bare greedy path). Counterexample in
     * {@link #aConcreteInstanceWhereThePolishedPathSetIsWorseThanGfsSet}.
     */
    @Test
    void optimizeGammaNeverEndsAboveFixedGammaAtTheSameWidth() {
        SplittableRandom rng = new SplittableRandom(31);
        int compared = 0;
        int gfsFaceTaken = 0;
        int worsePathOnly = 0;
        int worseBare = 0;
        for (int t = 0; t < 500; t++) {
            int m = 1 + rng.nextInt(10);
            int n = 1 + rng.nextInt(16);
            Gram gram = Gram.ofPhi(Explicit.randomPhi(rng, m, n));
            double tolerance = 1e-12 * gram.lossScale();
            for (int k = 1; k <= n; k++) {
                Selection optimized = OptimizeGamma.select(gram, Stop.atCount(k));
                Selection pathOnly = OptimizeGamma.select(gram, Stop.atCount(k).withPolish(Polish.DEFAULT.withoutGfsComparison()));
                Selection bare = OptimizeGamma.select(gram, Stop.atCount(k).withoutPolish());
                Selection fixed = FixedGamma.select(gram, Stop.atCount(k));

                assertThat(optimized.loss()).as("t=%d k=%d", t, k).isLessThanOrEqualTo(fixed.loss() + tolerance);
                assertThat(optimized.kept().length).isLessThanOrEqualTo(k);
                assertThat(optimized.loss()).isLessThanOrEqualTo(pathOnly.loss());
                assertThat(optimized.steps()).isEqualTo(pathOnly.steps());
                assertThat(pathOnly.loss()).isLessThanOrEqualTo(bare.loss() + tolerance);
                // Below k only at L = 0 or where no step lowers L (the minimum over the whole simplex).
                assertThat(optimized.gfs().isPresent()).isEqualTo(optimized.stopped() == StopReason.COUNT_REACHED
                        || optimized.stopped() == StopReason.PRECISION_FLOOR);
                optimized.gfs().ifPresent(gfs -> {
                    // The face GFS's run ends on: every neuron it stepped onto (dead ones too).
                    assertThat(gfs.gfsKept()).containsExactly(fixed.steps().stream().mapToInt(SelectionStep::neuron)
                            .sorted().toArray());
                    assertThat(gfs.gfsKept()).contains(fixed.kept());
                    assertThat(gfs.gfsLoss()).isEqualTo(fixed.loss());
                    assertThat(gfs.faceLoss()).isLessThanOrEqualTo(fixed.loss() + tolerance);
                });
                if (k == n) {
                    // Uniform weights reach 0 on the full simplex; first-order polish gets close.
                    assertThat(optimized.loss()).isLessThanOrEqualTo(1e-5 * gram.emptyLoss());
                }
                gfsFaceTaken += optimized.tookGfsFace() ? 1 : 0;
                worsePathOnly += pathOnly.loss() > fixed.loss() + 1e-9 * gram.emptyLoss() ? 1 : 0;
                worseBare += bare.loss() > fixed.loss() + 1e-9 * gram.emptyLoss() ? 1 : 0;
                compared++;
            }
        }
        // Measured on this sample: see docs/theory.md (about 0.7% with polish alone, 6% without).
        assertThat(compared).isGreaterThan(4000);
        assertThat(worsePathOnly).isPositive();
        assertThat(gfsFaceTaken).isGreaterThanOrEqualTo(worsePathOnly);
        assertThat((double) worsePathOnly / compared).isLessThan(0.015);
        assertThat(worsePathOnly * 4).isLessThan(worseBare);
    }

    @Test
    void aConcreteInstanceWhereThePolishedPathSetIsWorseThanGfsSet() {
        double[][] phi = {
            {0.1871, -2.8194, 1.1012, 1.0304, -0.4265, -0.0936, 0.0308},
            {1.0861, 0.1055, -1.6429, -0.0034, -1.4034, 0.6883, -0.0636},
            {0.8017, 0.0024, -0.7058, -0.3081, -0.6112, 0.8214, -0.2957},
        };
        Gram gram = Gram.ofPhi(phi);
        Selection pathOnly = OptimizeGamma.select(gram, Stop.atCount(3).withPolish(Polish.DEFAULT.withoutGfsComparison()));
        Selection fixed = FixedGamma.select(gram, Stop.atCount(3));
        assertThat(pathOnly.polished()).isEqualTo(Polish.Outcome.CONVERGED);
        assertThat(pathOnly.kept()).containsExactly(1, 5, 6);
        assertThat(fixed.kept()).containsExactly(4, 5, 6);
        assertThat(pathOnly.loss()).isGreaterThan(2 * fixed.loss());

        Selection optimized = OptimizeGamma.select(gram, Stop.atCount(3));
        assertThat(optimized.tookGfsFace()).isTrue();
        assertThat(optimized.steps()).isEqualTo(pathOnly.steps());
        assertThat(optimized.pathLoss()).isEqualTo(pathOnly.loss());
        assertThat(optimized.kept()).containsExactly(4, 5, 6);
        assertThat(optimized.loss()).isLessThanOrEqualTo(fixed.loss());
        // The loss of the weights returned, computed afresh from explicit vectors in double precision.
        double explicit = Explicit.loss(phi, Explicit.output(phi, optimized.weights()));
        assertThat(explicit).isCloseTo(optimized.loss(), within(1e-12));
    }

    @Test
    void atFullWidthPolishDrivesTheLossToNearlyZero() {
        // k = N: the face is the whole simplex, whose minimum 0 is attained at a = 1/N.
        for (Problem p : problems(32, 100)) {
            int n = p.gram().width();
            Selection s = OptimizeGamma.select(p.gram(), Stop.atCount(n));
            assertThat(s.loss()).isLessThanOrEqualTo(1e-5 * p.gram().emptyLoss());
        }
    }
}
