package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.compare.SweepCluster;
import io.winnow.compare.SweepFile;
import io.winnow.compare.SweepPoint;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.export.ModelStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow compare: the grid, compare.json and compare.html, resuming, and failed points that do not stop the sweep. */
class CompareCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path model;

    @BeforeAll
    static void saveASmallModel() {
        Architecture mlp = Architectures.mlp(16, 12);
        model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
    }

    private Path recipe(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void everyRecipeRunsAtEveryTargetAndSeedAndASecondRunResumesInsteadOfRerunning() throws IOException {
        Path a = recipe("gamma.recipe", "winnow-recipe 1\nlocalImitation().select(4).calibration(128)\n");
        Path b = recipe("magnitude.recipe", "winnow-recipe 1\nmagnitude().select(4).calibration(128)\n");
        Path out = tmp.resolve("cmp");
        CliRun first = CliRun.winnow("compare", a.toString(), b.toString(), "--model", model.toString(),
                "--data", "embedded", "--flops", "0.6,0.4", "--seeds", "2", "--out", out.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        SweepFile sweep = SweepFile.read(out.resolve(SweepFile.NAME));
        assertThat(sweep.points()).hasSize(8).noneMatch(SweepPoint::failed);
        assertThat(sweep.points()).extracting(SweepPoint::budget).containsOnly("flops(0.6)", "flops(0.4)");
        assertThat(sweep.points()).extracting(SweepPoint::seed).containsOnly(1L, 2L);
        assertThat(sweep.points()).allSatisfy(p -> {
            assertThat(p.flopsFraction()).isLessThanOrEqualTo(0.6 + 1e-9);
            assertThat(p.paramsAfter()).isLessThan(p.paramsBefore());
            assertThat(p.latencyPrunedMs()[0]).isPositive();
        });
        assertThat(first.out()).contains("gamma", "magnitude", "flops(0.6)", "flops(0.4)");
        String html = Files.readString(out.resolve("compare.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<table>", "data:image/png;base64,", "gamma", "magnitude");

        byte[] before = Files.readAllBytes(out.resolve(SweepFile.NAME));
        CliRun again = CliRun.winnow("compare", a.toString(), b.toString(), "--model", model.toString(),
                "--data", "embedded", "--flops", "0.6,0.4", "--seeds", "2", "--out", out.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve(SweepFile.NAME))).isEqualTo(before);

        CliRun more = CliRun.winnow("compare", a.toString(), "--model", model.toString(), "--data", "embedded",
                "--flops", "0.6,0.4", "--seeds", "3", "--out", out.toString(), "--json");
        assertThat(more.exit()).as(more.err()).isZero();
        assertThat(SweepFile.read(out.resolve(SweepFile.NAME)).points()).hasSize(10);
        assertThat(more.out()).contains("\"format\" : \"winnow-compare/1\"");
    }

    @Test
    void resumeFromTakesAnotherSweepsFinishedPointsAndRunsOnlyTheRest() throws IOException {
        Path a = recipe("gamma.recipe", "winnow-recipe 2\nlocalImitation().select(4).calibration(128)\n");
        Path first = tmp.resolve("first");
        CliRun one = CliRun.winnow("compare", a.toString(), "--model", model.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", first.toString());
        assertThat(one.exit()).as(one.err()).isZero();
        Path kept = Files.copy(first.resolve(SweepFile.NAME), tmp.resolve("kept.compare.json"));
        byte[] keptBytes = Files.readAllBytes(kept);
        SweepPoint earlier = SweepFile.read(kept).points().get(0);

        Path second = tmp.resolve("second");
        CliRun two = CliRun.winnow("compare", a.toString(), "--model", model.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "2", "--out", second.toString(), "--resume-from", kept.toString());
        assertThat(two.exit()).as(two.err()).isZero();
        java.util.List<SweepPoint> points = SweepFile.read(second.resolve(SweepFile.NAME)).points();
        assertThat(points).hasSize(2);
        // Equal to the last bit, timings included: a rerun would have measured other times.
        assertThat(points.get(0)).as("the kept point, taken as it was, not rerun").usingRecursiveComparison()
                .isEqualTo(earlier);
        assertThat(points.get(1).seed()).isEqualTo(2L);
        assertThat(Files.readAllBytes(kept)).as("--resume-from only reads its file").isEqualTo(keptBytes);

        Architecture other = Architectures.mlp(16, 10);
        Path otherModel = tmp.resolve("other");
        ModelStore.save(other, ModelWeights.init(other, 3), otherModel, false);
        CliRun wrong = CliRun.winnow("compare", a.toString(), "--model", otherModel.toString(), "--data", "embedded",
                "--out", tmp.resolve("third").toString(), "--resume-from", kept.toString());
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--resume-from " + kept + " holds a comparison of model " + model
                + ", not " + otherModel);
        assertThat(tmp.resolve("third")).as("refused before DIR is created").doesNotExist();

        SweepFile swept = SweepFile.read(kept);
        Path otherData = Files.write(tmp.resolve("other-data.compare.json"), new SweepFile(swept.format(),
                swept.model(), swept.modelWeights(), "arrays /elsewhere: 100 train, 20 test", swept.points()).bytes());
        CliRun elsewhere = CliRun.winnow("compare", a.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", tmp.resolve("fourth").toString(), "--resume-from", otherData.toString());
        assertThat(elsewhere.exit()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("--resume-from " + otherData + " was swept on arrays /elsewhere: 100 "
                + "train, 20 test, not on embedded Fashion-MNIST subset");
        assertThat(tmp.resolve("fourth")).as("refused before DIR is created").doesNotExist();
    }

    @Test
    void pointsSweptOnAnotherModelAtTheSamePathAreNeverMixedIn() throws IOException {
        Path a = recipe("gamma.recipe", "winnow-recipe 2\nlocalImitation().select(4).calibration(128)\n");
        Architecture mlp = Architectures.mlp(16, 12);
        Path same = tmp.resolve("retrained");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), same, false);
        Path first = tmp.resolve("first");
        CliRun one = CliRun.winnow("compare", a.toString(), "--model", same.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", first.toString());
        assertThat(one.exit()).as(one.err()).isZero();
        SweepFile swept = SweepFile.read(first.resolve(SweepFile.NAME));
        byte[] sweptBytes = Files.readAllBytes(first.resolve(SweepFile.NAME));
        assertThat(swept.modelWeights()).hasValueSatisfying(d -> assertThat(d).hasSize(64));
        // A file of an earlier Winnow, which recorded no digest: its points' unpruned accuracy vouches for it.
        Path undigested = Files.write(tmp.resolve("undigested.compare.json"), new SweepFile(swept.format(),
                swept.model(), Optional.empty(), swept.data(), swept.points()).bytes());
        CliRun trusted = CliRun.winnow("compare", a.toString(), "--model", same.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", tmp.resolve("trusted").toString(), "--resume-from",
                undigested.toString());
        assertThat(trusted.exit()).as(trusted.err()).isZero();
        assertThat(SweepFile.read(tmp.resolve("trusted").resolve(SweepFile.NAME)).points())
                .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(swept.points());

        // The same path, retrained with another seed.
        Files.walk(same).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        ModelStore.save(mlp, ModelWeights.init(mlp, 4), same, false);
        CliRun digested = CliRun.winnow("compare", a.toString(), "--model", same.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", tmp.resolve("second").toString(), "--resume-from",
                first.resolve(SweepFile.NAME).toString());
        assertThat(digested.exit()).isEqualTo(2);
        assertThat(digested.line()).contains("was swept on a model of other weights (sha256 "
                + swept.modelWeights().get().substring(0, 12) + ") than " + same, "give another file, or sweep again");
        assertThat(tmp.resolve("second")).as("refused before DIR is created").doesNotExist();
        CliRun byAccuracy = CliRun.winnow("compare", a.toString(), "--model", same.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", tmp.resolve("third").toString(), "--resume-from",
                undigested.toString());
        assertThat(byAccuracy.exit()).isEqualTo(2);
        assertThat(byAccuracy.line()).containsPattern("was swept on a model whose unpruned test top-1 was "
                + "[0-9.]+%, but " + java.util.regex.Pattern.quote(same.toString()) + " reaches [0-9.]+% on the same data");
        assertThat(tmp.resolve("third")).doesNotExist();
        CliRun inDir = CliRun.winnow("compare", a.toString(), "--model", same.toString(), "--data", "embedded",
                "--flops", "0.6", "--seeds", "1", "--out", first.toString());
        assertThat(inDir.exit()).isEqualTo(2);
        assertThat(inDir.line()).contains(first + " was swept on a model of other weights",
                "give another --out, or --force to start over");
        assertThat(Files.readAllBytes(first.resolve(SweepFile.NAME))).as("left as it was").isEqualTo(sweptBytes);
    }

    @Test
    void aPointThatFailsIsRecordedAndTheSweepGoesOnWithExit1() throws IOException {
        Path good = recipe("good.recipe", "winnow-recipe 1\nmagnitude().select(4).calibration(128)\n");
        Path bad = recipe("bad.recipe", "winnow-recipe 1\nmagnitude().select(4).layers(\"conv*\").calibration(128)\n");
        Path out = tmp.resolve("cmp");
        CliRun run = CliRun.winnow("compare", bad.toString(), good.toString(), "--model", model.toString(),
                "--data", "embedded", "--out", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        SweepFile sweep = SweepFile.read(out.resolve(SweepFile.NAME));
        assertThat(sweep.points()).hasSize(2);
        assertThat(sweep.points().get(0).error()).get().asString().contains("conv*");
        assertThat(sweep.points().get(1).failed()).isFalse();
        assertThat(run.out()).as("the table says which row failed, with no NaN in it")
                .containsPattern("bad +as written +0/1 +failed \\(compare.json has the error\\)")
                .contains("1 point failed; each error is in compare.json").doesNotContain("NaN");
    }

    @Test
    void aDirectoryWinnowDidNotWriteIsRefusedAndLeftAlone() throws IOException {
        Path good = recipe("good.recipe", "winnow-recipe 1\nmagnitude().select(4).calibration(128)\n");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        CliRun run = CliRun.winnow("compare", good.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", mine.toString(), "--force");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep");
        assertThat(mine.resolve(SweepFile.NAME)).doesNotExist();
    }

    @Test
    void withoutTheSparkModuleOnTheClassPathMasterIsAClearUsageErrorAndNothingRuns() throws IOException {
        assertThat(ServiceLoader.load(SweepCluster.class).findFirst()).isEmpty();
        assertThat(System.getProperty("java.class.path")).doesNotContain("spark-core", "spark-sql", "scala-library");
        Path good = recipe("good.recipe", "winnow-recipe 1\nmagnitude().select(4).calibration(128)\n");
        Path out = tmp.resolve("cmp");
        CliRun run = CliRun.winnow("compare", good.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out.toString(), "--master", "local[2]");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--master local[2]", "WINNOW_SPARK=1", "docs/scale.md");
        assertThat(out).doesNotExist();
    }
}
