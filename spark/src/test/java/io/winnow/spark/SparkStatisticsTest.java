package io.winnow.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vavr.control.Option;
import io.winnow.WinnowModel;
import io.winnow.compare.SweepInputs;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.Target;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.engine.select.Gram;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.prune.CalibrationStatistics;
import io.winnow.tf.prune.CalibrationStatistics.Network;
import io.winnow.tf.prune.LayerResult;
import io.winnow.tf.prune.PruneJob;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winnow prune --master: the Gram matrices computed by Spark tasks over partitions of the calibration
 * split equal the single-machine ones to rounding, bit for bit from one Spark run to the next, and a
 * whole run selects the same channels.
 */
class SparkStatisticsTest {

    /** 3 batches of 128, so local[3] makes 3 partitions: an odd tree. */
    private static final int SAMPLES = 384;
    private static final long SEED = 7;

    @TempDir
    static Path shared;

    private static SweepInputs inputs;
    private static WinnowModel model;
    private static Split calibration;

    @BeforeAll
    static void saveASmallCnn() {
        Architecture cnn = Architectures.cnn(8, 16, 24);
        Path dir = shared.resolve("cnn");
        ModelStore.save(cnn, ModelWeights.init(cnn, 11), dir, false);
        inputs = SweepInputs.of(dir, Optional.of("embedded"), Normalisation.NONE);
        model = inputs.loadModel();
        calibration = inputs.loadData(cnn).withCalibration(SAMPLES, SEED).calibration().get();
    }

    @Test
    void everyGroupsGramOnLocal3EqualsTheSingleMachineGramAndTwoSparkRunsAgreeBitForBit() {
        Architecture arch = model.architecture();
        Network original = new Network(arch, model.weights());
        // The conv2 group read from a network whose conv1 is already cut to 5 channels, so that the
        // original target differs from the pruned network's own.
        ChannelGroup first = arch.groups().head();
        Surgery.Pruned cut = Surgery.prune(arch, model.weights(), first, new int[] {0, 2, 3, 5, 7},
                new double[] {1.5, 1, 0.5, 2, 1});
        Network pruned = new Network(cut.architecture(), cut.weights());
        try (CalibrationStatistics spark = new SparkCluster().statistics("local[3]", inputs, SAMPLES, SEED)) {
            for (ChannelGroup group : arch.groups().filter(g -> !arch.consumers(g.layers().head()).isEmpty())) {
                check(spark, original, original, group, Target.SAME_INPUT);
            }
            for (Target target : Target.values()) {
                check(spark, pruned, original, cut.architecture().groups().get(1), target);
            }
        }
    }

    private static void check(CalibrationStatistics spark, Network current, Network original, ChannelGroup group,
                              Target target) {
        String label = group.layers().head() + " " + target;
        Gram distributed = spark.gram(current, original, group, target, calibration, label);
        Gram again = spark.gram(current, original, group, target, calibration, label);
        Gram single = CalibrationStatistics.onePart(current, original, group.layers().head(), target, calibration,
                label);
        int n = group.width();
        assertThat(distributed.width()).isEqualTo(n);
        assertThat(distributed.dimension()).as(label).isEqualTo(single.dimension());
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(single.entry(i, i)));
        }
        double tolerance = 1e-6 * scale;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(distributed.entry(i, j)).as(label).isCloseTo(single.entry(i, j), within(tolerance));
                assertThat(again.entry(i, j)).as(label).isEqualTo(distributed.entry(i, j));
            }
            assertThat(distributed.rowSum(i)).as(label).isCloseTo(single.rowSum(i), within(n * tolerance));
            assertThat(again.rowSum(i)).isEqualTo(distributed.rowSum(i));
        }
        assertThat(distributed.total()).as(label).isCloseTo(single.total(), within(1e-6 * single.total()));
        assertThat(again.total()).isEqualTo(distributed.total());
    }

    @Test
    void aWholeRunWithStatisticsOnLocal3SelectsTheSameChannelsAsOnOneMachineForBothTargets() {
        for (String target : new String[] {"sameInput()", "originalActivations()"}) {
            String text = "winnow-recipe 1\nlocalImitation().optimizeGamma().select(ratio(0.5)).target(" + target
                    + ").calibration(" + SAMPLES + ")\n";
            Plan plan = RecipeText.parse(text, "spark.recipe").get().recipe().compile(model.architecture()).get();
            Dataset data = inputs.loadData(model.architecture());

            PruneJob.Outcome here = PruneJob.run(plan, model.weights(), data, SEED);
            PruneJob.Outcome onSpark;
            try (CalibrationStatistics spark = new SparkCluster().statistics("local[3]", inputs, SAMPLES, SEED)) {
                onSpark = PruneJob.run(plan, model.weights(), data, SEED, Option.some(spark));
            }

            assertThat(onSpark.pruned().layers()).hasSameSizeAs(here.pruned().layers()).hasSize(3);
            for (int k = 0; k < here.pruned().layers().size(); k++) {
                LayerResult a = onSpark.pruned().layers().get(k);
                LayerResult b = here.pruned().layers().get(k);
                assertThat(a.mixing().kept()).as(target + " " + b.layers()).containsExactly(b.mixing().kept());
                double[] m = b.mixing().multipliers();
                for (int i = 0; i < m.length; i++) {
                    assertThat(a.mixing().multipliers()[i]).isCloseTo(m[i], within(1e-6 * Math.abs(m[i])));
                }
            }
            assertThat(onSpark.afterSelection().accuracy()).isCloseTo(here.afterSelection().accuracy(), within(1e-3));
        }
    }

    @Test
    void anExecutorThatDrawsADifferentCalibrationSplitFailsTheRunWithWhatToFix() {
        Network original = new Network(model.architecture(), model.weights());
        ChannelGroup first = model.architecture().groups().head();
        // The executors are told seed 8, the driver drew its split with seed 7: as if they read other data.
        try (CalibrationStatistics spark = new SparkCluster().statistics("local[2]", inputs, SAMPLES, SEED + 1)) {
            assertThatThrownBy(() -> spark.gram(original, original, first, Target.SAME_INPUT, calibration, "conv1"))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("Spark could not compute the statistics of conv1 on local[2]")
                    .hasMessageContaining("an executor drew a different calibration split")
                    .hasMessageContaining("same model and data at the same path");
        }
    }
}
