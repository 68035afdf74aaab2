package io.winnow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.WinnowModel;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Staging;
import io.winnow.compare.Sensitivity;
import io.winnow.compare.SensitivityPage;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.Recipes;
import io.winnow.tf.data.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow sensitivity --model M --out DIR}: each layer narrowed alone, curves, a ranking and a starting recipe. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Narrow each prunable layer alone from 90% to 10% of its width and measure accuracy after "
                + "selection; writes DIR/sensitivity.json, DIR/sensitivity.html and DIR/start.recipe.")
public final class SensitivityCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SensitivityCommand.class);

    static final String KIND = "sensitivity";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DataOption data;

    @Mixin
    NormalisationOptions normalisation;

    @Option(names = "--recipe", paramLabel = "FILE",
            description = "probe with the first stage of this recipe (default: localImitation().optimizeGamma())")
    Path recipeFile;

    @Option(names = "--ratios", split = ",", paramLabel = "R",
            description = "fractions of each layer's width to probe (default: 0.9,0.8,...,0.1)")
    java.util.List<Double> ratios;

    @Option(names = "--max-drop", paramLabel = "POINTS", defaultValue = "1",
            description = "the starting recipe narrows each layer as far as costs at most this many points of "
                    + "accuracy alone (default: ${DEFAULT-VALUE})")
    double maxDropPoints;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    OutputOptions output;

    @Option(names = "--json", description = "print sensitivity.json instead of the summary")
    boolean json;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::sensitivity);
    }

    private int sensitivity() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Recipe method = Recipes.localImitation().optimizeGamma();
        java.util.List<Path> inputs = new java.util.ArrayList<>(java.util.List.of(modelOption.path));
        if (recipeFile != null) {
            Either<List<Diagnostic>, RecipeDocument> parsed = RecipeCommand.load(recipeFile);
            if (parsed.isLeft()) {
                parsed.getLeft().forEach(spec.commandLine().getErr()::println);
                return Winnow.EXIT_BAD_INPUT;
            }
            method = parsed.get().recipe();
            inputs.add(recipeFile);
        }
        List<Double> probes = ratios == null ? Sensitivity.DEFAULT_RATIOS : List.ofAll(ratios);
        for (double r : probes) {
            OptionRanges.in("--ratios", r, 0, false, 1, false);
        }
        OptionRanges.in("--max-drop", maxDropPoints, 0, true, 100, true);
        inputs.addAll(data.inputs());
        WinnowModel model = modelOption.load();
        try (OutputTarget target = output.claim(KIND, inputs, 16L << 20)) {
            Dataset dataset = data.load(normalisation.normalisation(), model.architecture(),
                    json ? new PrintWriter(java.io.Writer.nullWriter()) : stdout);
            Sensitivity.Result result = Sensitivity.run(method, model, dataset, probes.sorted().reverse(), seed, LOG::info);
            Recipe start = Sensitivity.startingRecipe(result, method, maxDropPoints / 100);
            String startText = RecipeText.print(start);
            byte[] resultJson = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result);
            try (Staging staging = target.stage()) {
                staging.write("sensitivity.json", resultJson);
                staging.write("sensitivity.html", SensitivityPage.html(result, startText));
                staging.write("start.recipe", startText.getBytes(StandardCharsets.UTF_8));
                staging.commit();
            }
            if (json) {
                stdout.println(new String(resultJson, StandardCharsets.UTF_8));
            } else {
                var ranking = result.ranking();
                stdout.printf(Locale.ROOT, "Original top-1 %.2f%%. Largest drop when narrowed alone, most sensitive first:%n",
                        100 * result.originalAccuracy());
                ranking.forEach(e -> stdout.printf(Locale.ROOT, "  %-28s %6.2f points%n", e.getKey(), 100 * e.getValue()));
                stdout.println("Most sensitive: " + ranking.get(0).getKey() + "; least sensitive: "
                        + ranking.get(ranking.size() - 1).getKey());
                stdout.println("Starting recipe (each layer as narrow as costs at most " + maxDropPoints
                        + " point(s) alone), in " + output.out.resolve("start.recipe") + ":");
                stdout.print(startText);
                stdout.println("Wrote " + output.out + " (sensitivity.json, sensitivity.html, start.recipe)");
            }
        } catch (UncheckedIOException e) {
            throw new UserError(output.out + ": cannot write: " + e.getMessage(), e);
        }
        stdout.flush();
        return Winnow.EXIT_OK;
    }
}
