package io.winnow.engine.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.StepRule;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Which route global imitation's optimizeGamma takes under a count (docs/theory.md section 5.3), on
 * objectives that are quadratics with a known Gram, so every loss has an exact reference.
 */
class GlobalImitationRouteTest {

    /** L_glob = the Gram's L; its linearization is {@code model}; counts every measured loss. */
    private static final class Quadratic implements GlobalImitation.Objective {
        final Gram truth;
        final Gram model;
        int losses;

        Quadratic(Gram truth, Gram model) {
            this.truth = truth;
            this.model = model;
        }

        @Override
        public int width() {
            return truth.width();
        }

        @Override
        public long dimension() {
            return truth.dimension();
        }

        @Override
        public double loss(double[] a) {
            losses++;
            return truth.loss(a);
        }

        @Override
        public double[] gradient(double[] a) {
            // dL/da_i = (2/m) (N^2 (G a)_i - N b_i)
            int n = width();
            double[] ga = truth.times(a);
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = 2.0 / truth.dimension() * ((double) n * n * ga[i] - n * truth.rowSum(i));
            }
            return g;
        }

        @Override
        public Optional<Gram> linearization(double[] a) {
            return Optional.of(model);
        }
    }

    private static Gram gram(long seed, int m, int n) {
        return Gram.ofPhi(Explicit.randomPhi(new SplittableRandom(seed), m, n));
    }

    @Test
    void anExactModelSelectsWhatLocalImitationsEngineSelectsOnItAndNeverWalks() {
        for (long seed = 1; seed <= 20; seed++) {
            Gram g = gram(seed, 12, 10);
            Quadratic objective = new Quadratic(g, g);
            GlobalImitation.Outcome o = GlobalImitation.run(objective, StepRule.OPTIMIZE_GAMMA, Stop.atCount(4));
            Selection direct = OptimizeGamma.select(g, Stop.atCount(4));
            assertThat(o.selection().kept()).as("seed " + seed).isEqualTo(direct.kept());
            assertThat(o.selection().multipliers()).as("seed " + seed).isEqualTo(direct.multipliers());
            assertThat(o.loss()).isEqualTo(g.loss(direct.mixing().weights(direct.width())));
            assertThat(GlobalImitation.trusted(o)).isTrue();
            // the continuation's cuts, a round that does not improve, nothing else: the walk would measure
            // a loss at every step and every line-search point
            assertThat(objective.losses).as("seed " + seed).isLessThanOrEqualTo(GlobalImitation.ROUNDS + 1);
            for (SelectionStep step : o.selection().steps()) {
                assertThat(step.margin()).isNaN();
                assertThat(step.diameter()).isNaN();
            }
        }
    }

    @Test
    void aModelThatMispredictsTheMeasuredLossAlsoRunsTheWalkAndKeepsTheLowerMeasurement() {
        int walked = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Gram truth = gram(seed, 12, 10);
            Gram wrong = gram(seed + 1000, 12, 10);
            Quadratic objective = new Quadratic(truth, wrong);
            GlobalImitation.Outcome o = GlobalImitation.run(objective, StepRule.OPTIMIZE_GAMMA, Stop.atCount(4));
            Selection walk = GlobalImitation.walk(new Quadratic(truth, wrong), StepRule.OPTIMIZE_GAMMA,
                    Stop.atCount(4));
            double measured = truth.loss(o.selection().mixing().weights(o.selection().width()));
            // a_i and (N a_i) / N may differ in the last bit
            assertThat(o.loss()).as("seed " + seed).isCloseTo(measured, org.assertj.core.api.Assertions.within(1e-12 * measured));
            assertThat(o.selection().kept()).hasSizeLessThanOrEqualTo(4);
            boolean keptWalk = o.selection().steps().equals(walk.steps());
            if (keptWalk) {
                walked++;
                assertThat(o.loss()).isEqualTo(walk.loss());
            } else if (!GlobalImitation.trusted(o)) {
                // a mistrusted model result survives only where it measures lower than the walk
                assertThat(o.loss()).as("seed " + seed).isLessThanOrEqualTo(walk.loss());
            }
        }
        assertThat(walked).as("runs that kept the walk's record").isPositive();
    }
}
