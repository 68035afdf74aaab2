package io.winnow.cli;

import io.vavr.Lazy;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.WinnowModel;
import io.winnow.common.output.OutputMarker;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.compare.LocalSweepRunner;
import io.winnow.compare.Sweep;
import io.winnow.compare.SweepCluster;
import io.winnow.compare.SweepFile;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepJob;
import io.winnow.compare.SweepPage;
import io.winnow.compare.SweepPoint;
import io.winnow.compare.SweepRunner;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.RecipeDocument;
import io.winnow.engine.model.WeightsDigest;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.model.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code winnow compare RECIPE... --model M --out DIR}: every recipe, at every FLOPs target, for
 * every seed; a table, compare.json and compare.html. Resumable: run it again with the same DIR and
 * finished points are kept, not rerun.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run recipes side by side (at FLOPs targets, over seeds) and write DIR/compare.json and "
                + "DIR/compare.html; rerun with the same DIR to resume."})
public final class CompareCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CompareCommand.class);

    /** The kind recorded in a compare directory's output marker. */
    static final String KIND = "compare";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RECIPE", description = "recipe files")
    java.util.List<Path> recipeFiles;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DataOption data;

    @Mixin
    NormalisationOptions normalisation;

    @Option(names = "--flops", split = ",", paramLabel = "F",
            description = "FLOPs targets, e.g. 0.7,0.5,0.3: each replaces every stage's budget by select(flops(F)); "
                    + "without it each recipe runs as written")
    java.util.List<Double> flops = new java.util.ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "run every point with seeds 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the sweep's directory: new, or one an earlier compare wrote (resumed)")
    Path out;

    @Option(names = "--force", description = "start over: replace DIR (only if Winnow wrote it)")
    boolean force;

    @Option(names = "--json", description = "print compare.json instead of the table at the end")
    boolean json;

    @Option(names = "--resume-from", paramLabel = "FILE",
            description = "also keep the finished points of this compare.json (of the same model and data, e.g. one "
                    + "kept in version control or copied from another machine); FILE is only read")
    Path resumeFrom;

    @Option(names = "--master", paramLabel = "URL",
            description = "run the points as Apache Spark tasks on this master (local[2], spark://host:7077, yarn, "
                    + "k8s://...); needs Winnow's spark module (WINNOW_SPARK=1), see docs/scale.md")
    String master;

    /** compare.json as it stands: what was there, and every point handed back since. */
    private SweepFile progress;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::compare);
    }

    private int compare() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        OptionRanges.between("--seeds", seeds, 1, 100);
        for (double f : flops) {
            OptionRanges.in("--flops", f, 0, false, 1, true);
        }
        List<Sweep.NamedRecipe> recipes = List.empty();
        boolean bad = false;
        for (Path file : recipeFiles) {
            Either<List<Diagnostic>, RecipeDocument> parsed = RecipeCommand.load(file);
            if (parsed.isLeft()) {
                parsed.getLeft().forEach(stderr::println);
                bad = true;
            } else {
                String name = parsed.get().name().getOrElse(file.getFileName().toString().replaceFirst("\\.recipe$", ""));
                recipes = recipes.append(new Sweep.NamedRecipe(name, file.toString(), parsed.get().recipe()));
            }
        }
        if (bad) {
            return Winnow.EXIT_BAD_INPUT;
        }
        SweepCluster cluster = master == null ? null : SweepCluster.find(master);
        // The cluster's runner refuses a malformed --master before compare.json is written.
        SweepRunner onCluster = cluster == null ? null : cluster.on(master);
        WinnowModel model = modelOption.load();
        String weights = WeightsDigest.of(model.architecture(), model.weights());
        // A bad --resume-from (another model, other data) is refused before DIR is created.
        SweepFile resumed = resumeFrom == null ? null : resumed(resumeFrom);
        Dataset dataset = data.load(normalisation.normalisation(), model.architecture(), json ? nowhere() : stdout);
        Lazy<Double> unpruned = Lazy.of(() -> {
            try (Model m = Model.forInference(model.architecture(), model.weights())) {
                return m.evaluate(dataset.test()).accuracy();
            }
        });
        if (resumed != null) {
            requireSameData(resumed, dataset.describe());
            requireSameModel(resumed, "--resume-from " + resumeFrom, "give another file, or sweep again", weights,
                    unpruned);
        }
        SweepFile opened = open(weights, unpruned);
        if (opened.points().isEmpty()) {
            opened = new SweepFile(SweepFile.FORMAT, modelOption.path.toString(), java.util.Optional.of(weights),
                    dataset.describe(), java.util.List.of());
        } else if (opened.modelWeights().isEmpty()) {
            opened = opened.withModelWeights(weights); // checked by the points' unpruned accuracy in open()
        }
        if (resumed != null) {
            opened = merge(opened, resumed);
            save(opened);
        }
        SweepFile earlier = opened;
        List<SweepJob> grid = Sweep.grid(recipes, List.ofAll(flops), seeds);
        List<SweepJob> todo = grid.filter(j -> !earlier.done(j));
        LOG.info("compare: {} points ({} recipes x {} budgets x {} seeds), {} to run, {} already in {}", grid.size(),
                recipes.size(), Math.max(1, flops.size()), seeds, todo.size(), grid.size() - todo.size(),
                out.resolve(SweepFile.NAME));
        SweepRunner runner = cluster == null ? new LocalSweepRunner(model, dataset) : onCluster;
        if (cluster != null) {
            LOG.info("compare: running the points as {} tasks on {}", cluster.engine(), master);
        }
        SweepInputs inputs = SweepInputs.of(modelOption.path, Optional.ofNullable(data.value),
                normalisation.normalisation());
        progress = earlier;
        runner.run(inputs, todo, point -> {
            point.error().ifPresent(e -> LOG.warn("point {} {} seed {} failed: {}", point.recipe(), point.budget(),
                    point.seed(), e));
            progress = progress.with(point);
            save(progress);
        });
        save(progress);
        if (json) {
            stdout.println(new String(progress.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            stdout.print(SweepPage.table(progress));
            stdout.println("Wrote " + out.resolve(SweepFile.NAME) + " and " + out.resolve("compare.html"));
        }
        stdout.flush();
        long failed = progress.points().stream().filter(SweepPoint::failed).count();
        return failed == 0 ? Winnow.EXIT_OK : Winnow.EXIT_RUN_FAILED;
    }

    /** {@code --resume-from}'s sweep, when it is one of this model. */
    private SweepFile resumed(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("--resume-from " + file + ": no such file; give a compare.json that winnow compare wrote");
        }
        SweepFile other = SweepFile.read(file);
        if (!other.model().equals(modelOption.path.toString())) {
            throw new UserError("--resume-from " + file + " holds a comparison of model " + other.model() + ", not "
                    + modelOption.path);
        }
        return other;
    }

    /**
     * Refuses the points of {@code other} when they were swept on another model at the same path: by the
     * weights' SHA-256 where the file records it, else by the unpruned model's test top-1, which every
     * point recorded (a model retrained, or trained on a CPU of another vector width, differs there).
     */
    private void requireSameModel(SweepFile other, String what, String advice, String weights, Lazy<Double> unpruned) {
        if (other.modelWeights().isPresent()) {
            if (!other.modelWeights().get().equals(weights)) {
                throw new UserError(what + " was swept on a model of other weights (sha256 "
                        + other.modelWeights().get().substring(0, 12) + ") than " + modelOption.path + " (sha256 "
                        + weights.substring(0, 12) + "): the model was retrained or replaced since; " + advice);
            }
            return;
        }
        for (SweepPoint point : other.points()) {
            if (!point.failed() && point.accuracyOriginal() != unpruned.get()) {
                throw new UserError(String.format(java.util.Locale.ROOT, "%s was swept on a model whose unpruned test "
                        + "top-1 was %.2f%%, but %s reaches %.2f%% on the same data: it is another model at the same "
                        + "path (retrained, or trained on a CPU of another vector width); %s", what, 100 * point.accuracyOriginal(),
                        modelOption.path, 100 * unpruned.get(), advice));
            }
        }
    }

    private void requireSameData(SweepFile other, String data) {
        if (!other.data().equals(data)) {
            throw new UserError("--resume-from " + resumeFrom + " was swept on " + other.data() + ", not on " + data);
        }
    }

    /** {@code sweep} with every point of {@code other} it does not have, when other was swept on the same data. */
    private SweepFile merge(SweepFile sweep, SweepFile other) {
        requireSameData(other, sweep.data());
        SweepFile merged = sweep;
        int added = 0;
        for (SweepPoint point : other.points()) {
            if (!merged.has(point.key())) {
                merged = merged.with(point);
                added++;
            }
        }
        LOG.info("compare: {} finished point(s) taken from {}", added, resumeFrom);
        return merged;
    }

    /** The sweep so far: DIR's compare.json when DIR is an earlier compare of this model, else a new DIR. */
    private SweepFile open(String weights, Lazy<Double> unpruned) {
        Path file = out.resolve(SweepFile.NAME);
        boolean ours = Files.isDirectory(out) && OutputMarker.read(out).map(m -> m.kind().equals(KIND)).orElse(false)
                && Files.isRegularFile(file);
        if (ours && !force) {
            SweepFile earlier = SweepFile.read(file);
            if (!earlier.model().equals(modelOption.path.toString())) {
                throw new UserError(out + " holds a comparison of model " + earlier.model() + ", not " + modelOption.path
                        + ": give another --out, or --force to start over");
            }
            requireSameModel(earlier, out.toString(), "give another --out, or --force to start over", weights, unpruned);
            return earlier;
        }
        java.util.List<Path> inputs = new java.util.ArrayList<>(recipeFiles);
        inputs.add(modelOption.path);
        inputs.addAll(data.inputs());
        SweepFile empty = new SweepFile(SweepFile.FORMAT, modelOption.path.toString(), java.util.Optional.of(weights), "",
                java.util.List.of());
        try (OutputTarget target = Outputs.claim(out, KIND, force, inputs, 64L << 20);
             Staging staging = target.stage()) {
            staging.write(SweepFile.NAME, empty.bytes());
            staging.commit();
        }
        return empty;
    }

    /** compare.json and compare.html, each replaced whole, so an interrupted sweep leaves both readable. */
    private void save(SweepFile sweep) {
        Outputs.replaceFile(out.resolve(SweepFile.NAME), sweep.bytes());
        try {
            Outputs.replaceFile(out.resolve("compare.html"), SweepPage.html(sweep));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw compare.html: " + e.getMessage(), e);
        }
    }

    private static PrintWriter nowhere() {
        return new PrintWriter(java.io.Writer.nullWriter());
    }
}
