package io.winnow.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LemmasTest {

    private record Run(Instance instance, double inradius, Selection selection) {
    }

    private static List<Run> runs(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Run> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int m = 2 + rng.nextInt(2);
            Instance instance = Instance.gaussian(m, 4 + rng.nextInt(27), rng.nextLong());
            Selection s = OptimizeGamma.select(instance.gram(), Stop.atTolerance(1e-12).withMaxSteps(300));
            out.add(new Run(instance, instance.inradius().radius(), s));
        }
        return out;
    }

    @Test
    void lemma2TheObservedMarginIsAtLeastTheInradiusAtEveryStep() {
        int checked = 0;
        for (Run run : runs(61, 120)) {
            CheckResult result = Lemma2.check(run.instance().name(), run.selection(), run.inradius());
            assertThat(result.violations()).isEmpty();
            checked += result.checked();
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void theMarginEvenExceedsTheInradiusByTheResidualNorm() {
        // Our proof of Lemma 2 (docs/theory.md 3.2) gives r_k >= ||y* - f_k|| + r; check that too.
        for (Run run : runs(67, 80)) {
            Selection s = run.selection();
            for (var step : s.steps()) {
                double slack = Lemma2.marginSlack(s, step);
                if (Double.isFinite(slack)) {
                    double residual = Math.sqrt(s.dimension() * step.lossBefore());
                    assertThat(step.margin()).isGreaterThanOrEqualTo(residual + run.inradius() - slack);
                }
            }
        }
    }

    @Test
    void lemma2AlsoHoldsAlongTheFixedGammaPathOnceItIsInsideM() {
        for (Run run : runs(62, 60)) {
            Selection fixed = FixedGamma.select(run.instance().gram(), Stop.atCount(run.instance().width()));
            CheckResult result = Lemma2.check(run.instance().name(), fixed, run.inradius());
            assertThat(result.violations()).isEmpty();
            assertThat(result.checked()).isPositive();
        }
    }

    @Test
    void lemma3EveryOptimizeGammaStepContractsTheLossByTheObservedAndTheAPrioriFactor() {
        int checked = 0;
        for (Run run : runs(63, 120)) {
            CheckResult result = Lemma3.check(run.instance().name(), run.selection(), OptionalDouble.of(run.inradius()));
            assertThat(result.violations()).isEmpty();
            checked += result.checked();
        }
        assertThat(checked).isGreaterThan(2000);
    }

    @Test
    void lemma3HoldsInHighDimensionWhereOnlyTheObservedFactorIsKnown() {
        SplittableRandom rng = new SplittableRandom(64);
        for (int t = 0; t < 60; t++) {
            Instance instance = Instance.gaussian(5 + rng.nextInt(40), 5 + rng.nextInt(40), rng.nextLong());
            Selection s = OptimizeGamma.select(instance.gram(), Stop.atTolerance(1e-12).withMaxSteps(300));
            assertThat(Lemma3.check(instance.name(), s, OptionalDouble.empty()).violations()).isEmpty();
        }
    }

    @Test
    void theExponentialRateHoldsAtEveryStep() {
        for (Run run : runs(65, 120)) {
            CheckResult result = RateTheorem.check(run.instance().name(), run.selection(), run.inradius());
            assertThat(result.violations()).isEmpty();
        }
    }

    @Test
    void aTooLargeInradiusIsCaughtByLemma2AndTheRate() {
        // The checks can fail: claim r = 10 D, which no polytope has around an interior point.
        for (Run run : runs(66, 20)) {
            double fake = 10 * RateTheorem.pathDiameter(run.selection());
            assertThat(Lemma2.check("fake", run.selection(), fake).holds()).isFalse();
            double[] losses = run.selection().losses();
            if (losses.length > 1 && losses[1] > 1e-6 * run.selection().lossScale()) {
                assertThat(RateTheorem.check("fake", run.selection(), fake).holds()).isFalse();
            }
        }
    }
}
