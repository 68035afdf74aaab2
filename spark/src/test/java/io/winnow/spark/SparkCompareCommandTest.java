package io.winnow.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.compare.SweepFile;
import io.winnow.compare.SweepPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow compare --master local[2]: the same compare.json as a local compare, and compare.html beside it. */
class SparkCompareCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path model;

    @BeforeAll
    static void saveASmallModel() {
        model = TinySweep.saveModel(shared);
    }

    @Test
    void compareWithMasterLocal2WritesTheSamePointsAsALocalCompareAndTheFailedOneWithExit1() throws IOException {
        Path gamma = Files.writeString(tmp.resolve("gamma.recipe"), TinySweep.GAMMA);
        Path convOnly = Files.writeString(tmp.resolve("conv-only.recipe"), TinySweep.CONV_ONLY);
        Path onSpark = tmp.resolve("spark");
        Path here = tmp.resolve("local");

        SparkCli spark = SparkCli.winnow("compare", gamma.toString(), convOnly.toString(), "--model", model.toString(),
                "--data", "embedded", "--flops", "0.5", "--seeds", "2", "--out", onSpark.toString(),
                "--master", "local[2]");
        SparkCli local = SparkCli.winnow("compare", gamma.toString(), convOnly.toString(), "--model", model.toString(),
                "--data", "embedded", "--flops", "0.5", "--seeds", "2", "--out", here.toString());

        assertThat(spark.exit()).as(spark.err()).isEqualTo(1);
        assertThat(local.exit()).as(local.err()).isEqualTo(1);
        SweepFile fromSpark = SweepFile.read(onSpark.resolve(SweepFile.NAME));
        SweepFile fromHere = SweepFile.read(here.resolve(SweepFile.NAME));
        assertThat(fromSpark.points()).hasSize(4);
        assertThat(fromSpark.points()).filteredOn(SweepPoint::failed).extracting(SweepPoint::recipe)
                .containsExactly("conv-only", "conv-only");
        assertThat(fromSpark.data()).isEqualTo(fromHere.data());
        assertThat(fromSpark.points()).usingRecursiveFieldByFieldElementComparatorIgnoringFields(SparkSweepRunnerTest.TIMINGS)
                .containsExactlyElementsOf(fromHere.points());
        assertThat(Files.readString(onSpark.resolve("compare.html"), StandardCharsets.UTF_8)).contains("<table>", "gamma");
    }

    @Test
    void aSecondRunOnSparkResumesAndRunsOnlyTheNewSeed() throws IOException {
        Path gamma = Files.writeString(tmp.resolve("gamma.recipe"), TinySweep.GAMMA);
        Path out = tmp.resolve("cmp");
        SparkCli first = SparkCli.winnow("compare", gamma.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out.toString(), "--master", "local[2]");
        assertThat(first.exit()).as(first.err()).isZero();
        SweepPoint seed1 = SweepFile.read(out.resolve(SweepFile.NAME)).points().get(0);

        SparkCli second = SparkCli.winnow("compare", gamma.toString(), "--model", model.toString(), "--data", "embedded",
                "--seeds", "2", "--out", out.toString(), "--master", "local[2]");

        assertThat(second.exit()).as(second.err()).isZero();
        java.util.List<SweepPoint> points = SweepFile.read(out.resolve(SweepFile.NAME)).points();
        assertThat(points).extracting(SweepPoint::seed).containsExactly(1L, 2L);
        assertThat(points.get(0).totalSeconds()).isEqualTo(seed1.totalSeconds());
    }
}
