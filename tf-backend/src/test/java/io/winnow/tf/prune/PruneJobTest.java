package io.winnow.tf.prune;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.report.PruneReport;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.WeightsDigest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole recipe runs on a small trained network and synthetic teacher data. */
class PruneJobTest {

    private static final Architecture TINY = TinyNet.ARCH;

    private static Dataset data;
    private static ModelWeights trained;

    @BeforeAll
    static void train() {
        TinyNet.Trained net = TinyNet.trained();
        data = net.data();
        trained = net.weights();
    }

    static final PruneReport.ModelSource MODEL = new PruneReport.ModelSource("models/tiny", "{}", Map.of(), java.util.Optional.empty());

    static PruneReport report(PruneJob.Outcome run, ModelWeights original) {
        return ReportBuilder.of(run, original, new PruneReport.RecipeSource("f", "h", "t"), MODEL);
    }

    private static PruneJob.Outcome run(Recipe recipe) {
        Plan plan = recipe.compile(TINY).get();
        return PruneJob.run(plan, trained, data, recipe.seedValue().getOrElse(0L));
    }

    @Test
    void theSameRecipeModelDataAndSeedGiveTheSameSelectionBitForBit() {
        Recipe recipe = localImitation().select(ratio(0.5)).calibration(200).finetune(1).seed(3);
        PruneJob.Outcome a = run(recipe);
        PruneJob.Outcome b = run(recipe);
        assertThat(a.pruned().layers()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(a.pruned().layers().get(i).mixing().kept()).isEqualTo(b.pruned().layers().get(i).mixing().kept());
            assertThat(a.pruned().layers().get(i).mixing().multipliers()).isEqualTo(b.pruned().layers().get(i).mixing().multipliers());
        }
        assertThat(a.pruned().weights()).isEqualTo(b.pruned().weights());
        PruneReport.Timings none = new PruneReport.Timings(0, 0, 0, 0, 0);
        assertThat(report(a, trained).withTimings(none)).isEqualTo(report(b, trained).withTimings(none));
    }

    @Test
    void aRatioBudgetGivesThePlannedWidthsAndASmallerModel() {
        PruneJob.Outcome run = run(localImitation().select(ratio(0.5)).calibration(200));
        assertThat(run.pruned().architecture().widths().values()).containsExactly(4, 4, 8, 3);
        assertThat(run.pruned().weights().paramCount()).isEqualTo(run.pruned().architecture().totalParams());
        assertThat(run.afterFinetune()).isEmpty();
        assertThat(run.afterSelection().accuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void theReportCarriesProvenanceCurvesSizesAndAccuracies() {
        PruneJob.Outcome run = run(localImitation().fixedGamma().select(4).layers("conv*").calibration(100).seed(9));
        PruneReport report = ReportBuilder.of(run, trained, new PruneReport.RecipeSource("x.recipe", "abc", "canonical"),
                MODEL);
        assertThat(report.format()).isEqualTo(PruneReport.FORMAT);
        assertThat(report.seed()).isEqualTo(9);
        assertThat(report.recipe().hash()).isEqualTo("abc");
        assertThat(report.data().calibration()).isEqualTo(100);
        assertThat(report.layers().get(0).selection().get().rule()).isEqualTo("fixedGamma");
        assertThat(report.layers().get(0).selection().get().steps()).hasSize(4);
        assertThat(report.layers().get(1).kept()).hasSize(4);
        assertThat(report.size().paramsAfter()).isLessThan(report.size().paramsBefore());
        // Three balanced classes: chance is 1/3; the trained tiny net reaches about 0.48.
        assertThat(report.accuracy().original().accuracy()).isGreaterThan(0.4);
    }

    @Test
    void baselinesKeepTheirChosenChannelsWithUnitMultipliers() {
        PruneJob.Outcome run = run(magnitude().select(3).layers("conv1").random().select(5).layers("fc1").seed(4));
        assertThat(run.pruned().layers().get(0).mixing().multipliers()).containsOnly(1.0);
        assertThat(run.pruned().layers().get(1).widthAfter()).isEqualTo(5);
        assertThat(run.pruned().layers().get(0).selection()).isEmpty();
    }

    @Test
    void withoutFinetuningTheSelectedWeightsDigestIsThatOfThePrunedModel() {
        PruneJob.Outcome run = run(localImitation().select(ratio(0.5)).calibration(100).seed(2));
        assertThat(report(run, trained).digests().selectedWeights())
                .isEqualTo(WeightsDigest.of(run.pruned().architecture(), run.pruned().weights()));
    }

    @Test
    void theSelectedWeightsDigestIsTakenBeforeEveryFinetune() {
        PruneJob.Outcome run = run(localImitation().select(ratio(0.5)).finetuneEachLayer(0.1, lr(0.01))
                .calibration(100).seed(2));
        var selected = Pruner.selected(TINY, trained, run.pruned().layers());
        assertThat(selected.architecture()).isEqualTo(run.pruned().architecture());
        assertThat(report(run, trained).digests().selectedWeights())
                .isEqualTo(WeightsDigest.of(selected.architecture(), selected.weights()))
                .isNotEqualTo(WeightsDigest.of(run.pruned().architecture(), run.pruned().weights()));
    }

    @Test
    void perLayerFinetuneAndDistillationRun() {
        PruneJob.Outcome run = run(localImitation().select(ratio(0.5)).finetuneEachLayer(0.1, lr(0.01))
                .calibration(100).finetune(1, distill(2.0)));
        assertThat(run.afterFinetune()).hasSize(1);
        assertThat(run.timings().finetune()).isPositive();
    }

    @Test
    void bestOfWithTheOriginalActivationsTargetComparesTheTargetedLocalRunWithTheGlobalOne() {
        PruneJob.Outcome run = run(bestOfLocalAndGlobal().target(originalActivations()).select(4).layers("conv2")
                .calibration(100).seed(3));
        LayerResult conv2 = run.pruned().layers().single();
        assertThat(conv2.widthAfter()).isLessThanOrEqualTo(4);
        LayerResult.Comparison c = conv2.bestOf().get();
        assertThat(conv2.imitation()).isEqualTo(c.winner());
        assertThat(Math.min(c.localLoss(), c.globalLoss()))
                .isEqualTo(c.winner() == LayerResult.Imitation.GLOBAL ? c.globalLoss() : c.localLoss());
        assertThat(report(run, trained).layers().get(0).bestOf().get().winner()).isIn("local", "global");
    }

    @Test
    void anAccuracyDropBudgetWithGlobalImitationBisectsOverGlobalRuns() {
        PruneJob.Outcome run = run(globalImitation().select(accuracyDrop(0.05)).layers("fc1").calibration(100).seed(3));
        LayerResult fc1 = run.pruned().layers().single();
        assertThat(fc1.imitation()).isEqualTo(LayerResult.Imitation.GLOBAL);
        assertThat(fc1.budget()).hasSize(1);
        BudgetSearch.AccuracyDrop search = (BudgetSearch.AccuracyDrop) fc1.budget().get();
        assertThat(search.candidates()).isNotEmpty();
        // The chosen width passed the threshold when tried, or is the full width (which passes by definition).
        assertThat(search.candidates().find(c -> c.width() == fc1.widthAfter()).map(c -> c.accuracy() >= search.threshold())
                .getOrElse(fc1.widthAfter() == 16)).isTrue();
    }

    @Test
    void aFlopsBudgetWithGlobalImitationPlansWidthsOnLocalPathsAndMeetsTheTarget() {
        PruneJob.Outcome run = run(globalImitation().select(flops(0.6)).calibration(100).seed(3));
        double reached = (double) run.pruned().architecture().totalFlops() / TINY.totalFlops();
        assertThat(reached).isLessThanOrEqualTo(0.6);
        assertThat(run.pruned().layers()).allSatisfy(l -> {
            assertThat(l.imitation()).isEqualTo(LayerResult.Imitation.GLOBAL);
            assertThat(l.budget()).hasSize(1);
        });
    }

    @Test
    void aCalibrationLargerThanTheTrainingDataIsRefused() {
        Plan plan = localImitation().select(2).calibration(5000).compile(TINY).get();
        assertThatThrownBy(() -> PruneJob.run(plan, trained, data, 0))
                .hasMessageContaining("calibration(5000) needs fewer samples than the 1200 training samples");
    }
}
