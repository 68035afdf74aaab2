package io.winnow.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.tf.data.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow prune --master local[2]: the same selection as a prune on one machine, and winnow verify reruns it here. */
class SparkPruneCommandTest {

    private static final String RECIPE = "winnow-recipe 1\nlocalImitation().optimizeGamma().select(ratio(0.5))"
            + ".calibration(300).finetune(1)\n";

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
    void pruneWithStatisticsOnLocal2KeepsTheSameChannelsAsOnOneMachineAndVerifiesOnOne() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("gamma.recipe"), RECIPE);
        Path onSpark = tmp.resolve("spark");
        Path here = tmp.resolve("here");

        SparkCli spark = SparkCli.winnow("prune", recipe.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", onSpark.toString(), "--seed", "3", "--master", "local[2]");
        SparkCli local = SparkCli.winnow("prune", recipe.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", here.toString(), "--seed", "3");

        assertThat(spark.exit()).as(spark.err()).isZero();
        assertThat(local.exit()).as(local.err()).isZero();
        PruneReport fromSpark = ReportCodec.read(onSpark.resolve("report.json"));
        PruneReport fromHere = ReportCodec.read(here.resolve("report.json"));
        assertThat(fromSpark.layers()).hasSize(2);
        for (int i = 0; i < fromHere.layers().size(); i++) {
            assertThat(fromSpark.layers().get(i).kept()).isEqualTo(fromHere.layers().get(i).kept());
        }
        assertThat(fromSpark.data()).isEqualTo(fromHere.data());

        SparkCli verify = SparkCli.winnow("verify", onSpark.toString(), "--model", model.toString(), "--data", "embedded");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void streamedCalibrationDataOnLocal2KeepsTheChannelsOfAStreamOnOneMachineAndVerifiesOnOne() throws IOException {
        // 2500 samples: local[2] makes two ranges, [0, 2048) and [2048, 2500), each read a part at a time.
        int n = 2500;
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        byte[] pixels = new byte[n * 784];
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            labels.putLong(label);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) random.nextInt(64 + 19 * label);
            }
        }
        Path calibration = Files.createDirectories(tmp.resolve("calibration"));
        Files.write(calibration.resolve("x.npy"), Npy.file("|u1", new long[] {n, 28, 28}, pixels));
        Files.write(calibration.resolve("y.npy"), Npy.file("<i8", new long[] {n}, labels.array()));
        Path recipe = Files.writeString(tmp.resolve("gamma.recipe"), RECIPE);
        Path onSpark = tmp.resolve("spark");
        Path here = tmp.resolve("here");

        SparkCli spark = SparkCli.winnow("prune", recipe.toString(), "--model", model.toString(), "--data", "embedded",
                "--calibration-data", calibration.toString(), "--out", onSpark.toString(), "--seed", "3", "--master",
                "local[2]");
        SparkCli local = SparkCli.winnow("prune", recipe.toString(), "--model", model.toString(), "--data", "embedded",
                "--calibration-data", calibration.toString(), "--out", here.toString(), "--seed", "3");

        assertThat(spark.exit()).as(spark.err()).isZero();
        assertThat(local.exit()).as(local.err()).isZero();
        PruneReport fromSpark = ReportCodec.read(onSpark.resolve("report.json"));
        PruneReport fromHere = ReportCodec.read(here.resolve("report.json"));
        assertThat(fromSpark.data().calibrationData())
                .contains(new PruneReport.CalibrationData(calibration.toString(), n));
        assertThat(fromSpark.data()).isEqualTo(fromHere.data());
        for (int i = 0; i < fromHere.layers().size(); i++) {
            assertThat(fromSpark.layers().get(i).kept()).isEqualTo(fromHere.layers().get(i).kept());
        }

        SparkCli verify = SparkCli.winnow("verify", onSpark.toString(), "--model", model.toString(), "--data", "embedded",
                "--calibration-data", calibration.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void aMasterThatIsNoSparkUrlIsOneUsageLineWithExit2AndNothingIsWritten() throws IOException {
        Path recipe = Files.writeString(tmp.resolve("gamma.recipe"), RECIPE);
        Path out = tmp.resolve("out");
        for (String command : new String[] {"prune", "compare"}) {
            SparkCli run = SparkCli.winnow(command, recipe.toString(), "--model", model.toString(), "--data", "embedded",
                    "--out", out.toString(), "--master", "nonsense");
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err().lines()).as(command).singleElement().asString()
                    .contains("--master nonsense: not a Spark master URL", "local[N]", "spark://HOST:PORT");
            assertThat(out).doesNotExist();
        }
    }
}
