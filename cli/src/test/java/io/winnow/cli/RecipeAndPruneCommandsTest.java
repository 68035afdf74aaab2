package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The recipe, prune and verify commands as a user runs them: exit codes, messages, files. */
class RecipeAndPruneCommandsTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path model;

    private Path recipe(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @BeforeAll
    static void saveASmallModel() {
        Architecture mlp = Architectures.mlp(16, 12);
        model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
    }

    @Test
    void checkAcceptsValidRecipesAndSaysSo() throws IOException {
        Path r = recipe("ok.recipe", "winnow-recipe 1\nlocalImitation().select(4)\n");
        CliRun run = CliRun.winnow("recipe", "check", r.toString(), "--arch", "mlp");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("ok.recipe: ok");
    }

    @Test
    void checkReportsEveryProblemWithFileLineAndColumnAndNoStackTrace() throws IOException {
        Path r = recipe("bad.recipe", "winnow-recipe 1\nlocalImitation().optimiseGamma().select(ratio(1.5))\n");
        CliRun run = CliRun.winnow("recipe", "check", r.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(r + ":2:18: error: unknown word optimiseGamma: did you mean optimizeGamma?")
                .contains(r + ":2:47: error: ratio(x) needs 0 < x <= 1, got 1.5")
                .doesNotContain("\tat ");
    }

    @Test
    void checkNamesAMissingFile() {
        CliRun run = CliRun.winnow("recipe", "check", tmp.resolve("nope.recipe").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nope.recipe: no such file");
    }

    @Test
    void compileProblemsPointAtTheStepAtFault() throws IOException {
        Path r = recipe("arch.recipe", "winnow-recipe 1\nlocalImitation().select(4)\n    .layers(\"conv*\")\n");
        CliRun run = CliRun.winnow("recipe", "check", r.toString(), "--arch", "mlp");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(r + ":3:6: error: layers(\"conv*\") matches no layer of mlp; prunable layers: fc1, fc2");
    }

    @Test
    void fmtPrintsTheCanonicalFormAndWriteReplacesTheFileWhole() throws IOException {
        Path r = recipe("messy.recipe", "winnow-recipe 1\nlocalImitation( ).select( count(4) ) .seed(7)\n");
        CliRun printed = CliRun.winnow("recipe", "fmt", r.toString());
        assertThat(printed.exit()).isZero();
        assertThat(printed.out()).isEqualTo("winnow-recipe 1\n\nlocalImitation().select(4)\n    .seed(7)\n");
        assertThat(CliRun.winnow("recipe", "fmt", "--write", r.toString()).exit()).isZero();
        assertThat(Files.readString(r)).isEqualTo(printed.out());
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(r);
        }
    }

    @Test
    void fmtUpgradeWritesTheCurrentVersionWithTheSameMeaningAndTheExplainSaysSo() throws IOException {
        Path r = recipe("old.recipe", "winnow-recipe 1\n# kept\nlocalImitation().select(ratio(0.5)).seed(7)\n");
        String before = Files.readString(r);
        CliRun printed = CliRun.winnow("recipe", "fmt", "--upgrade", r.toString());
        assertThat(printed.exit()).isZero();
        assertThat(printed.out())
                .isEqualTo("winnow-recipe 3\n\n# kept\nlocalImitation().select(ratio(0.5)).correctBias(false)\n    .seed(7)\n");
        assertThat(Files.readString(r)).as("printing leaves the file alone").isEqualTo(before);
        CliRun oldPlan = CliRun.winnow("recipe", "explain", r.toString(), "--arch", "cnn");
        assertThat(oldPlan.out()).doesNotContain("biases corrected");
        assertThat(CliRun.winnow("recipe", "fmt", "--upgrade", "--write", r.toString()).exit()).isZero();
        assertThat(Files.readString(r)).isEqualTo(printed.out());
        CliRun plan = CliRun.winnow("recipe", "explain", r.toString(), "--arch", "cnn");
        assertThat(plan.out()).doesNotContain("biases corrected");
        // The header alone takes its version's default: a shift in version 2, a scale and a shift in version 3.
        Files.writeString(r, before.replace("winnow-recipe 1", "winnow-recipe 2"));
        assertThat(CliRun.winnow("recipe", "explain", r.toString(), "--arch", "cnn").out())
                .contains("target sameInput, biases corrected after each layer: conv1, conv2, fc1");
        Files.writeString(r, before.replace("winnow-recipe 1", "winnow-recipe 3"));
        assertThat(CliRun.winnow("recipe", "explain", r.toString(), "--arch", "cnn").out())
                .contains("target sameInput, biases and scales corrected after each layer: conv1, conv2, fc1");
        // A version-2 file upgrades to the shift alone, written out.
        Files.writeString(r, before.replace("winnow-recipe 1", "winnow-recipe 2"));
        assertThat(CliRun.winnow("recipe", "fmt", "--upgrade", r.toString()).out())
                .isEqualTo("winnow-recipe 3\n\n# kept\nlocalImitation().select(ratio(0.5)).correctScale(false)\n    .seed(7)\n");
    }

    @Test
    void explainPrintsThePlanAndRejectsUnknownArchitectures() throws IOException {
        Path r = recipe("e.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5))\n");
        CliRun run = CliRun.winnow("recipe", "explain", r.toString(), "--arch", "cnn");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("conv1", "32 -> 16", "Total: params 858122 -> 215562");
        CliRun bad = CliRun.winnow("recipe", "explain", r.toString(), "--arch", "lenet");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown architecture \"lenet\"", "mlp, cnn, vgg-small, resnet-small");
    }

    @Test
    void pruneWritesASmallerModelWithAReportThatVerifies() throws IOException {
        Path r = recipe("p.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).verify().seed(5)\n");
        Path out = tmp.resolve("pruned");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Plan for mlp", "Certificates: 2 layer(s) certified, 0 violation(s)",
                "Theorem 4 on 256 calibration samples: holds on every sample", "Widths: fc1 16 -> 8, fc2 12 -> 6\n");
        assertThat(ModelStore.readArchitecture(out).widths().values()).containsExactly(8, 6, 10);
        assertThat(out.resolve("report.json")).isNotEmptyFile();
        GoodReports.lift(model, out);
        CliRun verified = CliRun.winnow("verify", out.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("verifies offline", "certificates: 2 recomputed");
    }

    @Test
    void alignedWidthsShowInTheExplainAndTheRunKeepsThem() throws IOException {
        Path r = recipe("a.recipe", "winnow-recipe 1\nmagnitude().select(ratio(0.3)).align(4).calibration(256)\n");
        CliRun explain = CliRun.winnow("recipe", "explain", r.toString(), "--model", model.toString());
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("magnitude select(ratio(0.3)), widths multiples of 4: fc1, fc2");
        Path out = tmp.resolve("aligned");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        // ratio(0.3) of 16 and 12 is 5 and 4: the nearest multiples of 4 are 4 and 4.
        assertThat(run.out()).contains("Widths: fc1 16 -> 4, fc2 12 -> 4\n");
        CliRun bad = CliRun.winnow("recipe", "check", recipe("b.recipe",
                "winnow-recipe 1\nlocalImitation().select(tolerance(0.1)).align(4)\n").toString(), "--arch", "mlp");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("b.recipe:2:41", "align(4) needs a budget that fixes the widths before selecting");
    }

    @Test
    void pruneWithMasterButWithoutTheSparkModuleIsAClearUsageErrorAndWritesNothing() throws IOException {
        Path r = recipe("p.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256)\n");
        Path out = tmp.resolve("pruned");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out.toString(), "--master", "local[2]");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--master local[2]", "no cluster engine", "WINNOW_SPARK=1", "docs/scale.md");
        assertThat(out).doesNotExist();
    }

    @Test
    void jsonFormsOfPruneInspectAndExplainSayWhatTheTextSays() throws IOException {
        Path r = recipe("j.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(5)\n");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        CliRun explain = CliRun.winnow("recipe", "explain", r.toString(), "--model", model.toString(), "--json");
        assertThat(explain.exit()).as(explain.err()).isZero();
        var plan = mapper.readTree(explain.out());
        assertThat(plan.get("architecture").asText()).isEqualTo("mlp");
        assertThat(plan.get("steps")).hasSize(2);
        assertThat(plan.get("steps").get(0).get("widthAfter").asInt()).isEqualTo(8);
        assertThat(plan.get("recipeVersion").asInt()).isEqualTo(1);
        assertThat(plan.get("steps").get(0).get("correctBias").asBoolean()).as("version 1 leaves biases alone").isFalse();

        Path out = tmp.resolve("pruned-json");
        CliRun prune = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded",
                "--out", out.toString(), "--json");
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.out()).doesNotContain("Plan for");
        var summary = mapper.readTree(prune.out());
        var report = ReportCodec.read(out.resolve("report.json"));
        assertThat(summary.get("out").asText()).isEqualTo(out.toString());
        assertThat(summary.get("widths").get("fc1").asInt()).isEqualTo(8);
        assertThat(summary.get("paramsAfter").asLong()).isEqualTo(report.size().paramsAfter());
        assertThat(summary.get("accuracy").get("afterSelection").asDouble())
                .isEqualTo(report.accuracy().afterSelection().accuracy());
        assertThat(summary.get("checks").get("passed").asBoolean()).isTrue();
        assertThat(summary.get("latency").get("pruned").get("batch1Ms").asDouble()).isPositive();

        CliRun inspect = CliRun.winnow("inspect", out.toString(), "--json");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        var shown = mapper.readTree(inspect.out());
        assertThat(shown.get("params").asLong()).isEqualTo(report.size().paramsAfter());
        assertThat(shown.get("prunedFrom").get("widthsBefore").get("fc1").asInt()).isEqualTo(16);
        assertThat(CliRun.winnow("inspect", out.toString()).out()).contains("pruned from " + model, "fc1 16 -> 8");
    }

    @Test
    void verifyFailsOnATamperedReportAndNamesTheLayerAndStep() throws IOException {
        Path r = recipe("t.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).layers(\"fc1\").calibration(256)\n");
        Path out = tmp.resolve("pruned");
        assertThat(CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out",
                out.toString()).exit()).isZero();
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        PruneReport.Layer layer = report.layers().get(0);
        PruneReport.Selection s = layer.selection().orElseThrow();
        java.util.List<PruneReport.Step> steps = new java.util.ArrayList<>(s.steps());
        PruneReport.Step step = steps.get(1);
        steps.set(1, new PruneReport.Step(step.k(), step.neuron(), step.gamma(), step.lossBefore(),
                step.lossBefore() * 2, step.margin(), step.diameter(), step.away(), step.polish(), step.face(),
                step.support()));
        PruneReport.Selection edited = new PruneReport.Selection(s.rule(), s.width(), s.dimension(), s.start(),
                s.emptyLoss(), s.lossScale(), s.initialLoss(), s.finalLoss(), s.stopped(), s.polished(),
                s.gfsComparison(), steps, s.target(), s.deadDropped());
        PruneReport.Layer tamperedLayer = new PruneReport.Layer(layer.order(), layer.layers(), layer.stage(),
                layer.widthBefore(), layer.widthAfter(), layer.kept(), layer.multipliers(), java.util.Optional.of(edited),
                layer.imitation(), layer.bestOf(), layer.budget(), layer.certificate());
        Files.writeString(out.resolve("report.json"),
                ReportCodec.write(report.withLayers(java.util.List.of(tamperedLayer))));
        CliRun run = CliRun.winnow("verify", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED $.layers[0].selection.steps[1].lossAfter: recorded ", "which violates Lemma 3");
    }

    @Test
    void verifyFailsWhenARecordedSampleExceedsTheTheorem4Bound() throws IOException {
        Path r = recipe("d.recipe", "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256)\n");
        Path out = tmp.resolve("pruned");
        assertThat(CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out",
                out.toString()).exit()).isZero();
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        PruneReport.Theorem4 t = report.theorem4();
        java.util.List<Double> lhs = new java.util.ArrayList<>(t.lhs());
        lhs.set(7, t.rhs().get(7) * 2 + 1);
        PruneReport.Theorem4 edited = new PruneReport.Theorem4(t.network(), t.samples(), t.holds(), t.relativeSlack(),
                t.logitSlack(), t.meanDiscrepancy(), t.meanBound(), t.blocks(), t.tightness(), t.violations(),
                t.listedViolations(), lhs, t.rhs(), t.logitNorms(), t.slack());
        Files.writeString(out.resolve("report.json"), ReportCodec.write(report.withTheorem4(edited)));
        CliRun run = CliRun.winnow("verify", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED $.theorem4.lhs[7]: recorded ", "Theorem 4 is violated on this sample");
    }

    @Test
    void verifyRejectsAFileThatIsNotAReport() throws IOException {
        Path json = Files.writeString(tmp.resolve("x.json"), "{\"hello\": 1}");
        CliRun run = CliRun.winnow("verify", json.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("not a Winnow pruning report");
    }

    @Test
    void pruneRunsBestOfWithTheOriginalActivationsTargetAndAnAccuracyDropBudget() throws IOException {
        Path r = recipe("b.recipe", "winnow-recipe 1\nbestOfLocalAndGlobal().target(originalActivations())"
                + ".select(accuracyDrop(0.1)).calibration(64)\n");
        Path out = tmp.resolve("best");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        for (int l = 0; l < 2; l++) {
            assertThat(report.layers().get(l).budget().orElseThrow()).isInstanceOf(PruneReport.AccuracyDropSearch.class);
            var budget = (PruneReport.AccuracyDropSearch) report.layers().get(l).budget().get();
            double threshold = budget.threshold();
            int chosen = budget.chosen();
            // chosen is the count asked of the greedy rule; dead channels it gave weight are then dropped.
            PruneReport.Layer layer = report.layers().get(l);
            PruneReport.Selection selection = layer.selection().orElseThrow();
            int width = ModelStore.readArchitecture(out).widths().values().get(l);
            assertThat(width).isEqualTo(layer.widthAfter());
            if (selection.stopped().equals("COUNT_REACHED")) {
                assertThat(width + selection.deadDropped().size()).isEqualTo(chosen);
            } else {
                assertThat(width).isLessThan(chosen);
            }
            java.util.Map<Integer, Double> tried = new java.util.HashMap<>();
            budget.candidates().forEach(c -> tried.put(c.width(), c.accuracy()));
            // The rule: the chosen width passes (or is the full width), the width below it was tried and fails.
            if (tried.containsKey(chosen)) {
                assertThat(tried.get(chosen)).isGreaterThanOrEqualTo(threshold);
            } else {
                assertThat(chosen).isEqualTo(l == 0 ? 16 : 12);
            }
            if (chosen > 1) {
                assertThat(tried.get(chosen - 1)).as("width %d", chosen - 1).isNotNull().isLessThan(threshold);
            }
        }
        GoodReports.lift(model, out);
        CliRun verified = CliRun.winnow("verify", out.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
    }

    @Test
    void pruneRunsAGlobalImitationRecipeAndVerifyLeavesItsLayersUncertified() throws IOException {
        Path r = recipe("g.recipe", "winnow-recipe 1\nglobalImitation().select(4).calibration(64)\n");
        Path out = tmp.resolve("global");
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        PruneReport report = ReportCodec.read(out.resolve("report.json"));
        // 4 channels each, less the channels dropped dead (no effect on the logits on any calibration
        // sample: on this net one of conv1's); the logits layer keeps its 10
        java.util.List<Integer> dead = report.layers().stream()
                .map(l -> l.selection().map(s -> s.deadDropped().size()).orElse(0)).toList();
        assertThat(ModelStore.readArchitecture(out).widths().values())
                .containsExactly(4 - dead.get(0), 4 - dead.get(1), 10);
        assertThat(report.layers().get(0).imitation()).isEqualTo("global");
        assertThat(report.layers().get(0).certificate().applies()).isFalse();
        CliRun verified = CliRun.winnow("verify", out.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
    }

    @Test
    void pruneNeverOverwritesTheInputOrAnExistingOutput() throws IOException {
        Path r = recipe("o.recipe", "winnow-recipe 1\nrandom().select(4)\n");
        CliRun same = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--out", model.toString(), "--force");
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).contains(model + " is the input " + model);
        Path existing = Files.createDirectories(tmp.resolve("exists"));
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", model.toString(), "--out", existing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("exists; pass --force");
    }

    @Test
    void pruneRefusesDataOfTheWrongShapeAndNonFiniteWeights() throws IOException {
        Path r = recipe("s.recipe", "winnow-recipe 1\nrandom().select(2)\n");
        Architecture small = Architecture.builder("small", new Shape.Image(8, 8, 1)).flatten("f").dense("fc1", 4)
                .relu("r").dense("logits", 10).build();
        Path smallModel = tmp.resolve("small");
        ModelStore.save(small, ModelWeights.init(small, 1), smallModel, false);
        CliRun shape = CliRun.winnow("prune", r.toString(), "--model", smallModel.toString(), "--data", "embedded",
                "--out", tmp.resolve("o1").toString());
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("samples are 28x28x1 but the model takes 8x8x1");

        ModelWeights w = ModelWeights.init(small, 1);
        float[] bias = w.get("fc1", ModelWeights.BIAS).values().clone();
        bias[2] = Float.NaN;
        Architecture small28 = Architecture.builder("small", Architectures.MNIST).flatten("f").dense("fc1", 4)
                .relu("r").dense("logits", 10).build();
        ModelWeights nan = ModelWeights.init(small28, 1).with("fc1", ModelWeights.BIAS, new FloatArray(new long[]{4}, bias));
        Path nanModel = tmp.resolve("nan");
        ModelStore.save(small28, nan, nanModel, false);
        CliRun run = CliRun.winnow("prune", r.toString(), "--model", nanModel.toString(), "--data", "embedded",
                "--out", tmp.resolve("o2").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("layer fc1 parameter bias holds NaN");

        // Finite weights whose activations overflow float32: named by the first layer that does.
        float[] huge = new float[784 * 4];
        java.util.Arrays.fill(huge, 1e38f);
        ModelWeights overflowing = ModelWeights.init(small28, 1).with("fc1", ModelWeights.KERNEL,
                new FloatArray(new long[]{784, 4}, huge));
        Path hugeModel = tmp.resolve("huge");
        ModelStore.save(small28, overflowing, hugeModel, false);
        CliRun overflow = CliRun.winnow("prune", r.toString(), "--model", hugeModel.toString(), "--data", "embedded",
                "--out", tmp.resolve("o3").toString());
        assertThat(overflow.exit()).isEqualTo(2);
        assertThat(overflow.err()).contains("layer fc1 outputs Infinity on calibration sample ",
                "every activation must be a finite number").doesNotContain("Exception", "\tat ");
        assertThat(tmp.resolve("o3")).doesNotExist();
    }
}
