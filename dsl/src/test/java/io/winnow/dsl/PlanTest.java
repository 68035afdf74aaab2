package io.winnow.dsl;

import io.vavr.collection.HashMap;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {

    private final Architecture cnn = Architectures.cnn(32, 64, 256);
    private final Architecture resnet = Architectures.resnetSmall(16);

    private static List<String> messages(Recipe r, Architecture a) {
        return r.compile(a).getLeft().map(Problem::message);
    }

    @Test
    void aRatioBudgetFixesEveryWidthAndTheCostAfter() {
        Plan plan = localImitation().select(ratio(0.5)).compile(cnn).get();
        assertThat(plan.steps()).extracting(s -> s.group().layers().head()).containsExactly("conv1", "conv2", "fc1");
        assertThat(plan.steps()).extracting(s -> s.width().get()).containsExactly(16, 32, 128);
        long expected = (5 * 5 * 16 + 16 + 4 * 16) + (5 * 5 * 16 * 32 + 32 + 4 * 32)
                + (7 * 7 * 32 * 128 + 128) + (128 * 10 + 10);
        assertThat(plan.paramsAfter()).contains(expected);
        assertThat(plan.flopsAfter()).contains(5L * 5 * 16 * 28 * 28 + 5L * 5 * 16 * 32 * 14 * 14 + 7 * 7 * 32 * 128 + 1280);
    }

    @Test
    void correctBiasIsAStageSettingTheExplainNames() {
        Recipe recipe = localImitation().select(ratio(0.5)).correctScale(false).magnitude().select(1).layers("fc1");
        assertThat(recipe.stages()).extracting(StageSpec::correctBias).containsExactly(true, false);
        assertThat(recipe.compile(cnn).get().explain())
                .contains("select(ratio(0.5)), target sameInput, biases corrected after each layer: conv1, conv2")
                .contains("magnitude select(1): fc1");
        assertThat(localImitation().select(ratio(0.5)).compile(cnn).get().explain())
                .contains("select(ratio(0.5)), target sameInput, biases and scales corrected after each layer: conv1, conv2");
    }

    @Test
    void alignRoundsCountAndRatioWidthsToTheNearestMultipleOrTheFullWidth() {
        // ratio(0.3) of 32, 64, 256 is 10, 20, 77: multiples of 8 nearest are 8, 24 (of 16 and 24, the wider), 80.
        Plan plan = localImitation().select(ratio(0.3)).align(8).compile(cnn).get();
        assertThat(plan.steps()).extracting(s -> s.width().get()).containsExactly(8, 24, 80);
        assertThat(plan.explain()).contains("select(ratio(0.3)), target sameInput, widths multiples of 8, biases and scales corrected after each layer: "
                + "conv1, conv2, fc1");
        // select(3) is below every multiple of 16: the narrowest allowed, 16.
        assertThat(localImitation().select(3).align(16).compile(cnn).get().steps())
                .extracting(s -> s.width().get()).containsExactly(16, 16, 16);
        // A multiple wider than the layer leaves it whole.
        assertThat(magnitude().select(ratio(0.5)).align(64).compile(cnn).get().steps())
                .extracting(s -> s.width().get()).containsExactly(32, 64, 128);
        // align(1) changes nothing.
        assertThat(localImitation().select(ratio(0.3)).align(1).compile(cnn).get().steps())
                .extracting(s -> s.width().get()).containsExactly(10, 20, 77);
    }

    @Test
    void alignNeedsABudgetThatFixesWidthsBeforeSelectingAndAReachableFlopsTarget() {
        assertThat(messages(localImitation().select(tolerance(0.05)).align(8), cnn)).singleElement().asString()
                .contains("align(8) needs a budget that fixes the widths before selecting", "not select(tolerance(0.05))");
        assertThat(messages(localImitation().select(accuracyDrop(0.01)).align(8), cnn)).isNotEmpty();
        assertThat(localImitation().select(flops(0.5)).align(8).compile(cnn).isRight()).isTrue();
        // Every layer at 64 of cnn(32, 64, 256) is more than 1% of its FLOPs.
        assertThat(messages(localImitation().select(flops(0.01)).align(64), cnn)).singleElement().asString()
                .contains("its narrowest aligned width, align(64)");
    }

    @Test
    void alignmentAllowsTheMultiplesAndTheFullWidthAndPicksTheNearest() {
        for (int m = 1; m <= 20; m++) {
            Alignment a = new Alignment(m);
            for (int n = 1; n <= 70; n++) {
                int[] allowed = a.allowed(n);
                for (int w : allowed) {
                    assertThat(w % m == 0 || w == n).isTrue();
                }
                for (int k = 1; k <= n; k++) {
                    int nearest = a.nearest(k, n);
                    // Brute force: the allowed width at the least distance, the wider on a tie.
                    int best = -1;
                    for (int w = 1; w <= n; w++) {
                        boolean ok = w % m == 0 || w == n;
                        if (ok && (best < 0 || Math.abs(w - k) < Math.abs(best - k)
                                || (Math.abs(w - k) == Math.abs(best - k) && w > best))) {
                            best = w;
                        }
                    }
                    assertThat(nearest).as("m %d n %d k %d", m, n, k).isEqualTo(best);
                }
                assertThat(a.narrowest(n)).isEqualTo(allowed[0]);
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Alignment(0))
                .hasMessageContaining("align(m) needs 1 <= m <= 1024, got 0");
    }

    @Test
    void stagesRunInRecipeOrderEachFromInputToOutput() {
        Plan plan = localImitation().select(8).layers("fc*").magnitude().select(ratio(0.25)).compile(cnn).get();
        assertThat(plan.steps()).extracting(s -> s.group().layers().head() + "@" + s.stage().index())
                .containsExactly("fc1@0", "conv1@1", "conv2@1");
    }

    @Test
    void aToleranceBudgetLeavesWidthsToTheRun() {
        Plan plan = localImitation().select(tolerance(1e-3)).layers("conv2").compile(cnn).get();
        assertThat(plan.steps().head().width()).isEmpty();
        assertThat(plan.paramsAfter()).isEmpty();
        Plan.LayerPlan conv1 = plan.layers().find(l -> l.layer().equals("conv1")).get();
        assertThat(conv1.paramsAfter()).contains(conv1.paramsBefore());
        assertThat(plan.layers().find(l -> l.layer().equals("fc1")).get().paramsAfter()).isEmpty();
    }

    @Test
    void anUnknownLayerPatternListsTheLayersThatExist() {
        assertThat(messages(localImitation().select(4).layers("cnv*"), cnn)).singleElement().asString()
                .contains("layers(\"cnv*\") matches no layer of cnn")
                .contains("prunable layers: conv1, conv2, fc1");
    }

    @Test
    void namingTheClassifierSaysWhyItIsKept() {
        assertThat(messages(localImitation().select(4).layers("logits"), cnn)).singleElement().asString()
                .contains("the classifier output is never pruned");
    }

    @Test
    void aCountLargerThanTheLayerIsRejected() {
        assertThat(messages(localImitation().select(48).layers("conv1"), cnn)).singleElement().asString()
                .contains("select(48) keeps 48 neurons but layer conv1 has only 32");
    }

    @Test
    void anUnreachableFlopsTargetNamesTheSmallestReachable() {
        assertThat(messages(localImitation().select(flops(0.001)).layers("conv2"), cnn)).singleElement().asString()
                .contains("flops(0.001) is below the smallest reachable fraction");
        assertThat(localImitation().select(flops(0.5)).compile(cnn).isRight()).isTrue();
    }

    @Test
    void aResidualGroupSplitAcrossScopesIsRejected() {
        assertThat(messages(localImitation().select(ratio(0.5)).layers("stem"), resnet)).singleElement().asString()
                .contains("stem, block1_conv2 are tied by residual adds")
                .contains("names only stem");
        assertThat(localImitation().select(ratio(0.5)).layers("stem", "block1_conv2").compile(resnet).isRight()).isTrue();
    }

    @Test
    void twoStagesMayNotPruneTheSameLayer() {
        assertThat(messages(localImitation().select(4).layers("conv*").magnitude().select(4).layers("conv2"), cnn))
                .singleElement().asString().contains("both prune conv2");
    }

    @Test
    void aStageWithoutLayersTakesWhatOtherStagesLeave() {
        Plan plan = localImitation().select(4).layers("conv1").globalImitation().select(4).compile(cnn).get();
        assertThat(plan.steps().filter(s -> s.stage().index() == 1).map(s -> s.group().layers().head()))
                .containsExactly("conv2", "fc1");
    }

    @Test
    void exceptLayersRemovesFromTheScope() {
        Plan plan = localImitation().select(4).exceptLayers("fc*").compile(cnn).get();
        assertThat(plan.steps().map(s -> s.group().layers().head())).containsExactly("conv1", "conv2");
    }

    @Test
    void coupledLayersArePrunedAsOneStep() {
        Plan plan = localImitation().select(ratio(0.5)).compile(resnet).get();
        Plan.PruneStep stem = plan.steps().find(s -> s.group().layers().contains("stem")).get();
        assertThat(stem.group().layers()).containsExactly("stem", "block1_conv2");
        assertThat(plan.steps().filter(s -> s.group().layers().contains("block1_conv2"))).hasSize(1);
        assertThat(plan.architecture().withWidths(HashMap.of("stem", 8, "block1_conv2", 8))
                .shapeOf("block1_add").units()).isEqualTo(8);
    }

    @Test
    void recipeProblemsComeBeforeCompiling() {
        Recipe incomplete = localImitation().optimizeGamma();
        assertThat(messages(incomplete, cnn)).singleElement().asString().contains("has no budget");
    }

    @Test
    void explainShowsStagesLayersAndTotals() {
        String text = localImitation().select(ratio(0.5)).finetune(3, lr(0.01)).seed(7).compile(cnn).get().explain();
        assertThat(text)
                .contains("1. localImitation/optimizeGamma select(ratio(0.5)), target sameInput, biases and scales corrected after each layer: "
                        + "conv1, conv2, fc1")
                .contains("conv1", "32 -> 16", "prune #1")
                .contains("kept: the classifier output is never pruned")
                .contains("Finetune: 3 epochs (lr(0.01))")
                .contains("recipe version 3, calibration 1024 samples, seed 7");
    }

    @Test
    void everyPruneStepCarriesItsStagesBudget() {
        Plan plan = localImitation().select(ratio(0.5)).layers("conv*").magnitude().select(4).compile(cnn).get();
        assertThat(plan.steps()).extracting(Plan.PruneStep::budget)
                .containsExactly(ratio(0.5), ratio(0.5), count(4));
    }

    @Test
    void aPruneStepOfAStageWithoutBudgetCannotBeMade() {
        StageSpec noBudget = Recipe.of(List.of(new Step.Stage(Method.RANDOM))).stages().head();
        ChannelGroup group = cnn.groups().head();
        assertThatThrownBy(() -> new Plan.PruneStep(0, noBudget, group, Option.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage 1 (random) has no budget: only a recipe without problems compiles to prune steps");
    }
}
