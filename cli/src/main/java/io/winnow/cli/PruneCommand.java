package io.winnow.cli;

import io.winnow.report.PruneReport;
import io.vavr.collection.List;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.vavr.control.Either;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.PruneResult;
import io.winnow.WinnowModel;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.export.ModelStore;
import io.winnow.compare.SweepCluster;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.tf.prune.StreamedStatistics;
import io.winnow.compare.SweepInputs;
import io.winnow.tf.prune.CalibrationStatistics;
import io.winnow.tf.prune.PruneJob;
import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.proofs.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code winnow prune RECIPE --model MODEL --out OUT}: runs a recipe on a model and writes the smaller model. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model with a recipe; writes OUT as a Winnow model plus report.json.")
public final class PruneCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PruneCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECIPE", description = "the recipe file")
    Path recipeFile;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DataOption data;

    @Mixin
    NormalisationOptions normalisation;

    @Mixin
    OutputOptions output;

    @Option(names = "--json", description = "print the run's summary as one JSON object instead of text")
    boolean json;

    @Option(names = "--seed", paramLabel = "N", description = "overrides the recipe's seed (default: the recipe's, else 0)")
    Long seed;

    @Option(names = "--master", paramLabel = "URL",
            description = "compute the calibration statistics as Apache Spark tasks on this master (local[2], "
                    + "spark://host:7077, yarn, k8s://...), one per partition of the calibration split; the model and "
                    + "the data must be at the same path on every executor. Needs Winnow's spark module "
                    + "(WINNOW_SPARK=1), see docs/scale.md")
    String master;

    @Option(names = "--calibration-data", paramLabel = "DIR",
            description = "calibration data of its own, read a part of " + StreamedSamples.PART + " samples at a time: "
                    + "the statistics sum over all of it, however large (a directory holding x.npy and y.npy, or one "
                    + "folder of images per class); the recipe's calibration(N) samples are drawn from it for the "
                    + "width plan and the checks, and the training data keep all their samples. With --master each "
                    + "executor reads its own range of it (docs/scale.md)")
    Path calibrationData;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::claimAndPrune);
    }

    private int claimAndPrune() {
        java.util.List<Path> inputs = new java.util.ArrayList<>(java.util.List.of(recipeFile, modelOption.path));
        inputs.addAll(data.inputs());
        if (calibrationData != null) {
            inputs.add(calibrationData);
        }
        try (OutputTarget target = output.claim(ModelStore.KIND, inputs,
                Outputs.sizeOf(modelOption.path) + PruneResult.REPORT_BYTES)) {
            return prune(target);
        }
    }

    private int prune(OutputTarget target) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Either<List<Diagnostic>, RecipeDocument> parsed = RecipeCommand.load(recipeFile);
        if (parsed.isLeft()) {
            parsed.getLeft().forEach(stderr::println);
            return Winnow.EXIT_BAD_INPUT;
        }
        RecipeDocument doc = parsed.get();
        SweepCluster cluster = master == null ? null : SweepCluster.find(master);
        WinnowModel model = modelOption.load();
        Architecture arch = model.architecture();
        Either<List<Diagnostic>, Plan> compiled = RecipeCommand.compile(doc, arch);
        if (compiled.isLeft()) {
            compiled.getLeft().forEach(stderr::println);
            return Winnow.EXIT_BAD_INPUT;
        }
        Plan plan = compiled.get();
        Dataset dataset = data.load(normalisation.normalisation(), arch, stdout);
        long runSeed = seed != null ? seed : doc.recipe().seedValue().getOrElse(0L);
        PrintWriter text = json ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;
        StreamedSamples streamed = calibrationData == null ? null
                : StreamedSamples.open(calibrationData, arch.input(), arch.classes(), normalisation.normalisation());
        if (streamed != null) {
            text.println("calibration data: " + streamed.describe());
            dataset = dataset.withCalibration(streamed.sample(doc.recipe().calibrationSamples(), runSeed));
        }

        text.println("Recipe " + recipeFile + " (sha256 " + RecipeText.hash(doc.recipe()).substring(0, 12) + ")"
                + " on " + modelOption.path + ", seed " + runSeed);
        text.print(plan.explain());
        text.flush();

        PruneResult result;
        if (cluster == null && streamed == null) {
            result = io.winnow.Winnow.prune(plan, model, dataset, runSeed, recipeFile.toString());
        } else {
            SweepInputs inputs = SweepInputs.of(modelOption.path, java.util.Optional.ofNullable(data.value),
                    normalisation.normalisation());
            try (CalibrationStatistics statistics = cluster == null ? new StreamedStatistics(streamed)
                    : streamed == null ? cluster.statistics(master, inputs, doc.recipe().calibrationSamples(), runSeed)
                    : cluster.streamedStatistics(master, inputs, streamed)) {
                LOG.info("prune: calibration statistics on {}", statistics.describe());
                result = io.winnow.Winnow.prune(plan, model, dataset, runSeed, recipeFile.toString(),
                        io.vavr.control.Option.some(statistics));
            }
        }
        String severity = doc.recipe().verifies() ? "error: " : "warning: ";
        result.violationLines(20).forEach(v -> stderr.println(severity + v));
        if (!result.checksPassed() && doc.recipe().verifies()) {
            stderr.println("winnow: " + result.failedChecks() + " bound check(s) failed and the recipe says verify(): "
                    + "nothing was written");
            return Winnow.EXIT_RUN_FAILED;
        }
        result.save(target);

        if (json) {
            JsonOutput.print(stdout, summary(result, output.out, arch));
            return Winnow.EXIT_OK;
        }
        PruneJob.Outcome run = result.run();
        RunCertificates.Outcome certificates = result.certificates();
        Theorem4Result deep = result.theorem4();
        stdout.println();
        stdout.println("Data: " + run.data().describe());
        stdout.printf(Locale.ROOT, "Accuracy: original %.4f, after selection %.4f%s%n", run.original().accuracy(),
                run.afterSelection().accuracy(),
                run.afterFinetune().map(e -> String.format(Locale.ROOT, ", after finetune %.4f", e.accuracy())).getOrElse(""));
        stdout.println("Widths: " + widths(run));
        Architecture small = result.architecture();
        stdout.printf(Locale.ROOT, "Params %d -> %d (%.1f%%), FLOPs %d -> %d (%.1f%%)%n",
                arch.totalParams(), small.totalParams(), 100.0 * small.totalParams() / arch.totalParams(),
                arch.totalFlops(), small.totalFlops(), 100.0 * small.totalFlops() / arch.totalFlops());
        result.report().latency().ifPresent(l -> stdout.printf(Locale.ROOT,
                "Latency (%s, %d threads, batch norm folded): batch 1 %.3f -> %.3f ms (%.2fx), batch 256 %.2f -> %.2f ms "
                        + "(%.2fx)%n", l.runtime(), l.threads(), l.original().batch1Ms(), l.pruned().batch1Ms(),
                l.original().batch1Ms() / l.pruned().batch1Ms(), l.original().batch256Ms(), l.pruned().batch256Ms(),
                l.original().batch256Ms() / l.pruned().batch256Ms()));
        result.report().latency().flatMap(l -> SlowWidths.note(l, arch, small).toJavaOptional())
                .ifPresent(stderr::println);
        stdout.printf(Locale.ROOT, "Time: statistics %.1fs, selection %.1fs, finetune %.1fs, evaluation %.1fs, total %.1fs%n",
                run.timings().statistics(), run.timings().selection(), run.timings().finetune(),
                run.timings().evaluation(), run.timings().total());
        stdout.println("Certificates: " + certificates.certificates().size() + " layer(s) certified, "
                + certificates.violations().size() + " violation(s)"
                + (certificates.uncertifiedLayers() > 0 ? ", " + certificates.uncertifiedLayers()
                + " layer(s) without a certificate (baselines, fixedGamma and global imitation have none)" : ""));
        stdout.printf(Locale.ROOT, "Theorem 4 on %d calibration samples: %s; ||F^ - F|| / bound median %.3f, max %.3f "
                        + "(%.1fs)%n", deep.samples(), deep.holds() ? "holds on every sample"
                        : deep.violations().size() + " violation(s)", deep.tightness().median(), deep.tightness().max(),
                result.theorem4Seconds());
        stdout.println("Wrote " + output.out + " (model, report.json and " + RunReport.HTML + ", charts inline)");
        stdout.flush();
        return Winnow.EXIT_OK;
    }

    /** What the text summary says, as JSON: where it went, accuracies, sizes, latency, checks and times. */
    static java.util.Map<String, Object> summary(PruneResult result, Path out, Architecture arch) {
        PruneJob.Outcome run = result.run();
        PruneReport report = result.report();
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("out", out.toString());
        s.put("recipe", report.recipe().file());
        s.put("recipeSha256", report.recipe().hash());
        s.put("seed", report.seed());
        s.put("data", run.data().describe());
        java.util.Map<String, Object> accuracy = new java.util.LinkedHashMap<>();
        accuracy.put("original", run.original().accuracy());
        accuracy.put("afterSelection", run.afterSelection().accuracy());
        accuracy.put("afterFinetune", run.afterFinetune().map(e -> (Object) e.accuracy()).getOrNull());
        s.put("accuracy", accuracy);
        java.util.Map<String, Integer> widths = new java.util.LinkedHashMap<>();
        report.size().widths().forEach(w -> widths.put(w.layer(), w.after()));
        s.put("widths", widths);
        s.put("paramsBefore", arch.totalParams());
        s.put("paramsAfter", result.architecture().totalParams());
        s.put("flopsBefore", arch.totalFlops());
        s.put("flopsAfter", result.architecture().totalFlops());
        report.latency().ifPresent(l -> s.put("latency", l));
        java.util.Map<String, Object> checks = new java.util.LinkedHashMap<>();
        checks.put("certifiedLayers", result.certificates().certificates().size());
        checks.put("certificateViolations", result.certificates().violations().size());
        checks.put("theorem4Samples", result.theorem4().samples());
        checks.put("theorem4Violations", result.theorem4().violations().size());
        checks.put("passed", result.checksPassed());
        s.put("checks", checks);
        s.put("timings", report.timings());
        return s;
    }

    /**
     * "conv1 32 -> 15 (planned 16, 1 dead dropped), fc1 256 -> 84 (planned 128)": a count or ratio budget
     * keeps fewer channels than planned where fewer already reproduce the layer to the precision of its
     * statistics, or where the rule gave weight to channels that are zero on every calibration sample.
     */
    static String widths(PruneJob.Outcome run) {
        java.util.Map<Integer, Integer> planned = new java.util.HashMap<>();
        run.plan().steps().forEach(step -> step.width().forEach(w -> planned.put(step.order(), w)));
        return run.pruned().layers().map(layer -> {
            String text = String.join("+", layer.layers()) + " " + layer.widthBefore() + " -> " + layer.widthAfter();
            Integer plan = planned.get(layer.order());
            int dead = layer.selection().map(s -> s.deadDropped().size()).getOrElse(0);
            return plan != null && plan != layer.widthAfter()
                    ? text + " (planned " + plan + (dead > 0 ? ", " + dead + " dead dropped" : "") + ")" : text;
        }).mkString(", ");
    }
}
