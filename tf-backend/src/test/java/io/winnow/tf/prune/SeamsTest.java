package io.winnow.tf.prune;

import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two switches of the runner: a stage's method gives its Selector, its budget its WidthPolicy. */
class SeamsTest {

    private static Plan plan(Recipe recipe) {
        return recipe.compile(TinyNet.ARCH).get();
    }

    private static Selector selector(Recipe recipe) {
        return Selector.of(plan(recipe).steps().head().stage());
    }

    private static WidthPolicy policy(Recipe recipe) {
        Plan plan = plan(recipe);
        return WidthPolicy.of(new RunContext(plan, null, null, 0), plan.steps(), plan.architecture(), null);
    }

    private static GroupContext fc1(Recipe recipe) {
        Plan plan = plan(recipe.layers("fc1"));
        Plan.PruneStep step = plan.steps().head();
        return new GroupContext(new RunContext(plan, null, null, 0), step, plan.architecture(), null, step.group());
    }

    @Test
    void eachMethodSelectsWithItsRuleAndTarget() {
        assertThat(selector(localImitation().fixedGamma().target(originalActivations()).select(2)))
                .isEqualTo(new LocalImitation(StepRule.FIXED_GAMMA, Target.ORIGINAL_ACTIVATIONS));
        assertThat(selector(globalImitation().select(2))).isEqualTo(new GlobalImitationSelector(StepRule.OPTIMIZE_GAMMA));
        assertThat(selector(magnitude().select(2))).isEqualTo(new Magnitude());
        assertThat(selector(taylor().select(2))).isEqualTo(new Taylor());
        assertThat(selector(random().select(2))).isEqualTo(new RandomChoice());
    }

    @Test
    void bestOfComposesLocalImitationWithItsTargetAndGlobalImitationWithTheSameRule() {
        assertThat(selector(bestOfLocalAndGlobal().fixedGamma().target(originalActivations()).select(2)))
                .isEqualTo(new BestOf(new LocalImitation(StepRule.FIXED_GAMMA, Target.ORIGINAL_ACTIVATIONS),
                        new GlobalImitationSelector(StepRule.FIXED_GAMMA)));
    }

    @Test
    void countRatioAndToleranceFixEachWidthWhereTheRecipeSaysSo() {
        assertThat(policy(localImitation().select(3)).count(fc1(localImitation().select(3)))).containsExactly(3);
        assertThat(policy(localImitation().select(ratio(0.3))).count(fc1(localImitation().select(ratio(0.3)))))
                .containsExactly(5);
        assertThat(policy(localImitation().select(tolerance(0.1))).count(fc1(localImitation().select(tolerance(0.1)))))
                .isEmpty();
        assertThat(policy(localImitation().select(accuracyDrop(0.1)))).isInstanceOf(AccuracyBisection.class);
        assertThat(policy(localImitation().select(accuracyDrop(0.1))).count(fc1(localImitation().select(accuracyDrop(0.1)))))
                .isEmpty();
    }

    @Test
    void aBaselineAtAToleranceIsRefusedWithTheBudgetsItTakes() {
        GroupContext g = fc1(magnitude().select(tolerance(0.1)));
        assertThatThrownBy(() -> new Magnitude().select(g, new Width.Tolerance(0.1)))
                .hasMessage("stage 1 (magnitude): a baseline needs a count, ratio, flops or accuracyDrop budget");
    }

    @Test
    void aCountStopsAtItsWidthOrAtThePrecisionFloor() {
        assertThat(new Width.Count(4).stop().count()).hasValue(4);
        assertThat(new Width.Count(4).stop().tolerance()).hasValue(Width.PRECISION_FLOOR);
        assertThat(new Width.Tolerance(0.05).stop().count()).isEmpty();
        assertThat(new Width.Tolerance(0.05).stop().tolerance()).hasValue(0.05);
    }
}
