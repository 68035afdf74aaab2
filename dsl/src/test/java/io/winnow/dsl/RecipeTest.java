package io.winnow.dsl;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeTest {

    @Test
    void equalChainsGiveEqualValues() {
        Recipe a = localImitation().optimizeGamma().select(64).finetune(3, lr(0.01));
        Recipe b = localImitation().optimizeGamma().select(count(64)).finetune(3, lr(0.01));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void everyCallReturnsANewRecipeAndLeavesTheOldOneAlone() {
        Recipe base = localImitation().select(ratio(0.5));
        Recipe longer = base.finetune(2);
        assertThat(base.steps()).hasSize(2);
        assertThat(longer.steps()).hasSize(3);
    }

    @Test
    void aStageWordOnTheChainStartsTheNextStage() {
        Recipe r = localImitation().optimizeGamma().select(ratio(0.75)).layers("conv*")
                .globalImitation().fixedGamma().select(ratio(0.5)).layers("fc*").finetune(1);
        assertThat(r.stages()).extracting(StageSpec::label)
                .containsExactly("localImitation/optimizeGamma", "globalImitation/fixedGamma");
        assertThat(r.stages().get(1).layers()).containsExactly("fc*");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void greedyStagesDefaultToOptimizeGammaAndBaselinesHaveNoRule() {
        Recipe r = localImitation().select(4).magnitude().select(4);
        assertThat(r.stages().get(0).rule()).contains(StepRule.OPTIMIZE_GAMMA);
        assertThat(r.stages().get(1).rule()).isEmpty();
    }

    @Test
    void aBaselineRejectsAStepRule() {
        assertThatThrownBy(() -> magnitude().optimizeGamma())
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("magnitude is a baseline and takes no step rule")
                .hasMessageContaining("remove .optimizeGamma()");
        assertThatThrownBy(() -> random().fixedGamma()).hasMessageContaining("remove .fixedGamma()");
    }

    @Test
    void aStageTakesEachSettingOnce() {
        assertThatThrownBy(() -> localImitation().select(4).select(5))
                .hasMessageContaining("stage 1 (localImitation) already has select(...)");
        assertThatThrownBy(() -> localImitation().optimizeGamma().fixedGamma())
                .hasMessageContaining("already has a step rule");
    }

    @Test
    void theRecipeTakesEachGlobalSettingOnce() {
        assertThatThrownBy(() -> localImitation().select(4).seed(1).seed(2))
                .hasMessageContaining("seed(...) is given twice");
    }

    @Test
    void aSelectionStageAfterTheFinalFinetuneIsRejected() {
        assertThatThrownBy(() -> localImitation().select(4).finetune(1).globalImitation())
                .hasMessageContaining("after finetune(...)");
    }

    @Test
    void targetAppliesOnlyToLocalImitation() {
        assertThat(localImitation().target(originalActivations()).select(2).stages().head().target())
                .isEqualTo(Target.ORIGINAL_ACTIVATIONS);
        assertThatThrownBy(() -> globalImitation().target(sameInput()))
                .hasMessageContaining("applies to local imitation");
    }

    @Test
    void argumentsOutOfRangeAreRejectedByTheValues() {
        assertThatThrownBy(() -> ratio(1.5)).hasMessageContaining("ratio(x) needs 0 < x <= 1, got 1.5");
        assertThatThrownBy(() -> ratio(Double.NaN)).hasMessageContaining("ratio(x)");
        assertThatThrownBy(() -> localImitation().select(0)).hasMessageContaining("select(k) needs k >= 1");
        assertThatThrownBy(() -> localImitation().select(1).finetune(0)).hasMessageContaining("epochs >= 1");
        assertThatThrownBy(() -> lr(-1)).hasMessageContaining("lr(x)");
    }

    @Test
    void aRatioKeepsTheCeilingOfItsShareAtLeastOneNeuron() {
        assertThat(new Budget.Ratio(0.55).of(100)).isEqualTo(55);
        assertThat(new Budget.Ratio(0.5).of(7)).isEqualTo(4);
        assertThat(new Budget.Ratio(0.01).of(10)).isEqualTo(1);
        assertThat(new Budget.Ratio(1.0).of(64)).isEqualTo(64);
    }

    @Test
    void finetuneOptionsAreGivenOnce() {
        assertThatThrownBy(() -> localImitation().select(1).finetune(2, lr(0.1), lr(0.2)))
                .hasMessageContaining("lr(...) twice");
    }

    @Test
    void aStageWithoutBudgetIsAProblemOfTheFinishedRecipe() {
        Recipe r = localImitation().optimizeGamma().finetune(1);
        assertThat(r.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("has no budget"))
                .satisfies(p -> assertThat(p.step()).isZero());
    }

    @Test
    void stepsOutOfOrderAreFoundInARecipeBuiltFromSteps() {
        Recipe r = Recipe.of(List.of(new Step.Finetune(1, List.empty()),
                new Step.Select(new Budget.Count(3))));
        assertThat(r.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("finetune before any selection"))
                .anySatisfy(m -> assertThat(m).startsWith("select(...) must follow a selection stage"));
    }

    @Test
    void layerPatternsMustBeNamesOrGlobs() {
        assertThatThrownBy(() -> localImitation().layers("conv 1"))
                .hasMessageContaining("layer pattern \"conv 1\"");
        assertThatThrownBy(() -> localImitation().layers()).hasMessageContaining("at least one layer name");
    }

    @Test
    void globsMatchWholeNames() {
        assertThat(Glob.matches("conv*", "conv12")).isTrue();
        assertThat(Glob.matches("conv?", "conv12")).isFalse();
        assertThat(Glob.matches("*_conv2", "block1_conv2")).isTrue();
        assertThat(Glob.matches("fc1", "fc10")).isFalse();
    }
}
