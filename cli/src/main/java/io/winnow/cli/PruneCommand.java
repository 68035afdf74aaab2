package io.winnow.cli;

import io.vavr.collection.List;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.vavr.control.Either;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.model.ModelWeights;
import io.winnow.tf.prune.PruneJob;
import io.winnow.tf.prune.ReportBuilder;
import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.deep.GroupMixing;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Report;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.proofs.report.RunReport;
import io.winnow.report.FileDigests;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code winnow prune RECIPE --model MODEL --out OUT}: runs a recipe on a model and writes the smaller model. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model with a recipe; writes OUT as a Winnow model plus report.json.")
public final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECIPE", description = "the recipe file")
    Path recipeFile;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a Winnow model directory or an ONNX file (.onnx)")
    Path modelDir;

    @Option(names = "--data", paramLabel = "DIR",
            description = CommandRunner.DATA_HELP)
    String dataDir;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "where to write the pruned model")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "overrides the recipe's seed (default: the recipe's, else 0)")
    Long seed;

    @Option(names = "--force", description = "replace OUT if it exists")
    boolean force;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::claimAndPrune);
    }

    private int claimAndPrune() {
        java.util.List<Path> inputs = new java.util.ArrayList<>(java.util.List.of(recipeFile, modelDir));
        if (dataDir != null && !dataDir.equals("embedded")) {
            inputs.add(Path.of(dataDir));
        }
        try (OutputTarget target = Outputs.claim(out, ModelStore.KIND, force, inputs,
                Outputs.sizeOf(modelDir) + REPORT_BYTES)) {
            return prune(target);
        }
    }

    /** Room for report.json, report.html and its plots beside the pruned model. */
    private static final long REPORT_BYTES = 32L << 20;

    private int prune(OutputTarget target) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Either<List<Diagnostic>, RecipeDocument> parsed = RecipeCommand.load(recipeFile);
        if (parsed.isLeft()) {
            parsed.getLeft().forEach(stderr::println);
            return Winnow.EXIT_BAD_INPUT;
        }
        RecipeDocument doc = parsed.get();
        Architecture arch = ModelStore.readArchitecture(modelDir);
        Either<List<Diagnostic>, Plan> compiled = RecipeCommand.compile(doc, arch);
        if (compiled.isLeft()) {
            compiled.getLeft().forEach(stderr::println);
            return Winnow.EXIT_BAD_INPUT;
        }
        Plan plan = compiled.get();
        Dataset data = CommandRunner.data(dataDir);
        if (!data.train().sampleShape().equals(arch.input())) {
            throw new UserError("the data's samples are " + data.train().sampleShape() + " but model " + modelDir
                    + " takes " + arch.input());
        }
        if (data.train().classes() != arch.classes()) {
            throw new UserError("the data has " + data.train().classes() + " classes but model " + modelDir
                    + " predicts " + arch.classes());
        }
        ModelWeights weights = ModelChecks.readFiniteWeights(modelDir, arch);
        PruneReport.ModelSource modelSource = modelSource(modelDir);
        long runSeed = seed != null ? seed : doc.recipe().seedValue().getOrElse(0L);

        stdout.println("Recipe " + recipeFile + " (sha256 " + RecipeText.hash(doc.recipe()).substring(0, 12) + ")"
                + " on " + modelDir + ", seed " + runSeed);
        stdout.print(plan.explain());
        stdout.flush();

        PruneJob.Outcome run = PruneJob.run(plan, weights, data, runSeed);
        PruneReport report = ReportBuilder.of(run, weights, new PruneReport.RecipeSource(recipeFile.toString(),
                RecipeText.hash(doc.recipe()), RecipeText.print(doc.recipe())), modelSource);
        RunCertificates.Attached certified = RunCertificates.attach(report);
        RunCertificates.Outcome certificates = certified.outcome();
        long deepStart = System.nanoTime();
        Theorem4Result deep = Theorem4Check.run(arch, weights, GroupMixing.of(run.pruned().layers()),
                run.data().calibration().get());
        double deepSeconds = (System.nanoTime() - deepStart) / 1e9;
        PruneReport checked = Theorem4Report.attach(certified.report(), deep, "the selected network before finetuning: the original with every "
                + "layer's mixing weights applied");
        String severity = doc.recipe().verifies() ? "error: " : "warning: ";
        certificates.violations().forEach(v -> stderr.println(severity + v));
        deep.violations().take(20).forEach(v -> stderr.println(severity + "Theorem 4 violated on calibration sample "
                + v.sample() + ": ||F^(x) - F(x)|| = " + v.lhs() + " > bound " + v.rhs() + " + slack " + v.slack()));
        int failed = certificates.violations().size() + deep.violations().size();
        if (failed > 0 && doc.recipe().verifies()) {
            stderr.println("winnow: " + failed + " bound check(s) failed and the recipe says verify(): nothing was written");
            return Winnow.EXIT_RUN_FAILED;
        }
        Map<String, byte[]> files;
        try (Staging staging = target.stage()) {
            ModelStore.write(staging, run.pruned().architecture(), run.pruned().weights());
            files = reportFiles(checked, staging.directory());
            files.forEach(staging::write);
            staging.commit();
        }

        stdout.println();
        stdout.println("Data: " + run.data().describe());
        stdout.printf(Locale.ROOT, "Accuracy: original %.4f, after selection %.4f%s%n", run.original().accuracy(),
                run.afterSelection().accuracy(),
                run.afterFinetune().map(e -> String.format(Locale.ROOT, ", after finetune %.4f", e.accuracy())).getOrElse(""));
        stdout.println("Widths: " + widths(run));
        Architecture small = run.pruned().architecture();
        stdout.printf(Locale.ROOT, "Params %d -> %d (%.1f%%), FLOPs %d -> %d (%.1f%%)%n",
                arch.totalParams(), small.totalParams(), 100.0 * small.totalParams() / arch.totalParams(),
                arch.totalFlops(), small.totalFlops(), 100.0 * small.totalFlops() / arch.totalFlops());
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
                deepSeconds);
        stdout.println("Wrote " + out + " (model, report.json and " + RunReport.HTML + " with "
                + (files.size() - 2) + " plots)");
        stdout.flush();
        return Winnow.EXIT_OK;
    }

    /**
     * The original model as report.json records it: the path as given, assets/architecture.json as
     * read, and the digest of every file of the directory.
     */
    static PruneReport.ModelSource modelSource(Path modelDir) {
        try {
            String architecture = io.winnow.tf.onnx.OnnxImport.isOnnx(modelDir) && !Files.isDirectory(modelDir)
                    ? io.winnow.tf.export.ArchitectureJson.write(ModelStore.readArchitecture(modelDir))
                    : Files.readString(modelDir.resolve(ModelStore.ARCHITECTURE), StandardCharsets.UTF_8);
            return new PruneReport.ModelSource(modelDir.toString(), architecture, FileDigests.of(modelDir, file -> true));
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot read model " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * report.json, report.html and its plots for the pruned model staged in {@code staged}: the
     * report records the digest of each of the model's files there, as they will be in OUT.
     */
    static Map<String, byte[]> reportFiles(PruneReport checked, Path staged) {
        PruneReport report = checked.withDigests(new PruneReport.Digests(
                FileDigests.of(staged, PruneReport.Digests::covers), checked.digests().selectedWeights()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PruneReport.Digests.REPORT_FILE, ReportCodec.write(report).getBytes(StandardCharsets.UTF_8));
        try {
            files.putAll(RunReport.files(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the report's plots: " + e.getMessage(), e);
        }
        return files;
    }

    /**
     * "conv1 32 -> 16, fc1 256 -> 84 (planned 128)": a count or ratio budget keeps fewer channels
     * than planned only where fewer already reproduce the layer to the precision of its statistics.
     */
    static String widths(PruneJob.Outcome run) {
        java.util.Map<Integer, Integer> planned = new java.util.HashMap<>();
        run.plan().steps().forEach(step -> step.width().forEach(w -> planned.put(step.order(), w)));
        return run.pruned().layers().map(layer -> {
            String text = String.join("+", layer.layers()) + " " + layer.widthBefore() + " -> " + layer.widthAfter();
            Integer plan = planned.get(layer.order());
            return plan != null && plan != layer.widthAfter() ? text + " (planned " + plan + ")" : text;
        }).mkString(", ");
    }
}
