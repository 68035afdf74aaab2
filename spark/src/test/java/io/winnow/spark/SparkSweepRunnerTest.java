package io.winnow.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.winnow.compare.Sweep;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepJob;
import io.winnow.compare.SweepPoint;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep points as Spark tasks on local[2]: the same points as a local run, and failures that stay with their point. */
class SparkSweepRunnerTest {

    /** What differs between two runs of the same point: how long things took. */
    static final String[] TIMINGS = {"latencyOriginalMs", "latencyPrunedMs", "selectionSeconds", "totalSeconds"};

    @TempDir
    static Path shared;

    private static Path model;

    @BeforeAll
    static void saveASmallModel() {
        model = TinySweep.saveModel(shared);
    }

    @Test
    void everyPointOnLocal2EqualsTheLocalRunBitForBitApartFromTimings() {
        SweepInputs inputs = TinySweep.inputs(model);
        List<SweepJob> jobs = Sweep.grid(List.of(TinySweep.recipe("gamma", TinySweep.GAMMA),
                TinySweep.recipe("magnitude", TinySweep.MAGNITUDE)), List.of(0.6, 0.4), 1);

        java.util.List<SweepPoint> spark = TinySweep.spark("local[2]", inputs, jobs);
        java.util.List<SweepPoint> local = TinySweep.local(inputs, jobs);

        assertThat(spark).hasSize(4).noneMatch(SweepPoint::failed);
        assertThat(spark).extracting(SweepPoint::key).containsExactlyElementsOf(jobs.map(SweepJob::key));
        assertThat(spark).allSatisfy(p -> assertThat(p.latencyPrunedMs()[0]).isPositive());
        assertThat(spark).usingRecursiveFieldByFieldElementComparatorIgnoringFields(TIMINGS)
                .containsExactlyElementsOf(local);
    }

    @Test
    void aPointWhoseRecipeCannotRunIsRecordedFailedAndTheOthersSucceed() {
        SweepInputs inputs = TinySweep.inputs(model);
        List<SweepJob> jobs = Sweep.grid(List.of(TinySweep.recipe("conv-only", TinySweep.CONV_ONLY),
                TinySweep.recipe("magnitude", TinySweep.MAGNITUDE)), List.empty(), 1);

        java.util.List<SweepPoint> points = TinySweep.spark("local[2]", inputs, jobs);

        assertThat(points).hasSize(2);
        assertThat(points.get(0).error()).get().asString().contains("conv*");
        assertThat(points.get(1).failed()).isFalse();
        assertThat(points.get(1).paramsAfter()).isLessThan(points.get(1).paramsBefore());
    }

    @Test
    void aTaskThatFailsIsTriedAgainBySparkAndThenRecordedFailedWithoutStoppingTheSweep() {
        SweepInputs missing = TinySweep.inputs(shared.resolve("no-such-model"));
        List<SweepJob> jobs = Sweep.grid(List.of(TinySweep.recipe("magnitude", TinySweep.MAGNITUDE)), List.of(0.6, 0.4), 1);

        java.util.List<SweepPoint> points = TinySweep.spark("local[2,2]", missing, jobs);

        assertThat(points).hasSize(2).allSatisfy(p -> assertThat(p.error()).get().asString()
                .contains("no-such-model", "attempt 2 of 2"));
    }
}
