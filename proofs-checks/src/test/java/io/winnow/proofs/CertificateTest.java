package io.winnow.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import io.winnow.engine.select.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CertificateTest {

    private static Selection run(Instance instance) {
        return OptimizeGamma.select(instance.gram(), Stop.atTolerance(1e-12).withMaxSteps(300));
    }

    @Test
    void honestRunsAreCertifiedAndTheBoundSitsAboveEveryLoss() {
        SplittableRandom rng = new SplittableRandom(71);
        for (int t = 0; t < 100; t++) {
            int m = 2 + rng.nextInt(30);
            Instance instance = Instance.gaussian(m, 3 + rng.nextInt(40), rng.nextLong());
            OptionalDouble r = m <= 3 ? OptionalDouble.of(instance.inradius().radius()) : OptionalDouble.empty();
            Certificate c = Certificate.of(instance.name(), run(instance), r);
            assertThat(c.violations()).isEmpty();
            for (Certificate.Entry e : c.entries()) {
                assertThat(e.lemma3()).isEqualTo(Certificate.Verdict.HOLDS);
                assertThat(e.bounded()).isEqualTo(Certificate.Verdict.HOLDS);
            }
        }
    }

    @Test
    void aCorruptedLossIsReportedWithItsLayerAndStep() {
        Instance instance = Instance.gaussian(3, 20, 72);
        Selection s = run(instance);
        assertThat(s.steps().size()).isGreaterThan(5);
        List<SelectionStep> steps = new ArrayList<>(s.steps());
        steps.set(3, steps.get(3).withLossAfter(steps.get(3).lossBefore() * 1.01));
        Certificate c = Certificate.of("layer7", s.initialLoss(), steps, s.loss(), s.lossScale(), s.dimension(), OptionalDouble.empty());
        assertThat(c.holds()).isFalse();
        assertThat(c.violations()).anySatisfy(v -> {
            assertThat(v.layer()).isEqualTo("layer7");
            assertThat(v.step()).isEqualTo(3);
            assertThat(v.inequality()).isEqualTo(Lemma3.OBSERVED);
        });
        assertThat(c.violations()).anySatisfy(v -> assertThat(v.inequality()).isEqualTo(Certificate.CHAIN));
        assertThat(c.entries().get(3).lemma3()).isEqualTo(Certificate.Verdict.VIOLATED);
    }

    @Test
    void aSelfConsistentRecordWithAStalledStepIsCaught() {
        // Step 2 claims no decrease, and every later loss is scaled to match, so the record is
        // consistent; a step with r_k > 0 and no decrease contradicts Lemma 3.
        Instance instance = Instance.gaussian(3, 15, 73);
        Selection s = run(instance);
        assertThat(s.steps().size()).isGreaterThan(3);
        SelectionStep stalled = s.steps().get(2);
        double factor = stalled.lossBefore() / stalled.lossAfter();
        List<SelectionStep> steps = new ArrayList<>();
        for (SelectionStep step : s.steps()) {
            double before = step.k() > 2 ? factor * step.lossBefore() : step.lossBefore();
            double after = step.k() >= 2 ? factor * step.lossAfter() : step.lossAfter();
            steps.add(new SelectionStep(step.k(), step.neuron(), step.gamma(), before, after, step.margin(),
                    step.diameter(), step.away(), step.support(), step.polish(), step.face()));
        }
        Certificate c = Certificate.of("stalled", s.initialLoss(), steps, s.loss(), s.lossScale(), s.dimension(), OptionalDouble.empty());
        assertThat(c.violations()).extracting(Violation::inequality).contains(Lemma3.OBSERVED).doesNotContain(Certificate.CHAIN);
        assertThat(c.violations()).extracting(Violation::step).contains(2);
    }

    @Test
    void fixedGammaRunsAreNotCertified() {
        Instance instance = Instance.gaussian(3, 10, 74);
        Selection fixed = FixedGamma.select(instance.gram(), Stop.atCount(5));
        assertThatThrownBy(() -> Certificate.of("x", fixed, OptionalDouble.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void polishedCountRunsAreCertifiedWithLemma3SkippedOnlyOnPolishSteps() {
        // Polish steps promise L_{k+1} <= L_k, not Lemma 3; the bound stays put across them.
        SplittableRandom rng = new SplittableRandom(75);
        int polishSteps = 0;
        for (int t = 0; t < 60; t++) {
            int m = 2 + rng.nextInt(2);
            Instance instance = Instance.gaussian(m, 4 + rng.nextInt(12), rng.nextLong());
            Selection s = OptimizeGamma.select(instance.gram(), Stop.atCount(2 + rng.nextInt(3)));
            OptionalDouble r = OptionalDouble.of(instance.inradius().radius());
            Certificate c = Certificate.of(instance.name(), s, r);
            assertThat(c.violations()).isEmpty();
            CheckResult lemma3 = Lemma3.check(instance.name(), s, r);
            assertThat(lemma3.violations()).isEmpty();
            assertThat(lemma3.skipped()).isEqualTo(s.polishSteps());
            assertThat(RateTheorem.check(instance.name(), s, r.getAsDouble()).violations()).isEmpty();
            for (int k = 0; k < s.steps().size(); k++) {
                Certificate.Entry e = c.entries().get(k);
                assertThat(e.lemma3()).isEqualTo(s.steps().get(k).polish() ? Certificate.Verdict.NOT_CHECKED : Certificate.Verdict.HOLDS);
                if (s.steps().get(k).polish()) {
                    assertThat(e.bound()).isEqualTo(k == 0 ? s.initialLoss() : c.entries().get(k - 1).bound());
                }
            }
            polishSteps += s.polishSteps();
        }
        // A polish is one face step (more only when the face's minimiser drops a neuron), so the 60 runs
        // exercise a few dozen of them.
        assertThat(polishSteps).isGreaterThan(25);
    }

    @Test
    void aPolishStepThatRaisesTheLossIsCaught() {
        Instance instance = Instance.gaussian(3, 12, 76);
        Selection s = OptimizeGamma.select(instance.gram(), Stop.atCount(4));
        int index = -1;
        for (int k = 0; k < s.steps().size() && index < 0; k++) {
            if (s.steps().get(k).polish()) {
                index = k;
            }
        }
        assertThat(index).isNotNegative();
        List<SelectionStep> steps = new ArrayList<>(s.steps());
        steps.set(index, steps.get(index).withLossAfter(steps.get(index).lossBefore() * 1.01));
        Certificate c = Certificate.of("polish", s.initialLoss(), steps, s.loss(), s.lossScale(), s.dimension(), OptionalDouble.empty());
        int at = index;
        assertThat(c.violations()).anySatisfy(v -> {
            assertThat(v.step()).isEqualTo(at);
            assertThat(v.inequality()).isEqualTo(Lemma3.MONOTONE);
        });
    }

    @Test
    void aRunThatKeptGfsFaceIsCertifiedAndAReturnedLossAboveThePathIsCaught() {
        // Runs whose returned weights are GFS's polished face: the bound of the recorded path
        // still covers them, since that face is kept only when its L is lower.
        SplittableRandom rng = new SplittableRandom(77);
        int taken = 0;
        for (int t = 0; t < 200 && taken < 10; t++) {
            Instance instance = Instance.gaussian(2 + rng.nextInt(3), 5 + rng.nextInt(10), rng.nextLong());
            Selection s = OptimizeGamma.select(instance.gram(), Stop.atCount(3));
            if (!s.tookGfsFace()) {
                continue;
            }
            taken++;
            OptionalDouble r = OptionalDouble.of(instance.inradius().radius());
            Certificate c = Certificate.of(instance.name(), s, r);
            assertThat(c.violations()).isEmpty();
            assertThat(s.loss()).isLessThan(s.pathLoss()).isLessThanOrEqualTo(c.finalBound());

            double above = s.pathLoss() * 1.01 + 1e-9 * s.lossScale();
            Certificate wrong = Certificate.of("face", s.initialLoss(), s.steps(), above, s.lossScale(), s.dimension(),
                    OptionalDouble.empty());
            assertThat(wrong.violations()).singleElement().satisfies(v -> {
                assertThat(v.inequality()).isEqualTo(Certificate.FINAL);
                assertThat(v.step()).isEqualTo(s.steps().size());
            });
        }
        assertThat(taken).isEqualTo(10);
    }
}
