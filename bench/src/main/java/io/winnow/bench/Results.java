package io.winnow.bench;

import io.vavr.collection.List;
import io.winnow.common.output.Outputs;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.prune.MethodComparison;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Writes docs/results.md: the built-in cnn trained on the embedded data, then half of every layer
 * kept by each selection method, compared before finetuning. Run with {@code bench/results.sh}.
 */
public final class Results {

    private Results() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/results.md");
        long start = System.nanoTime();
        Dataset data = FashionMnist.embedded();
        Architecture cnn = Architectures.byName("cnn").get();
        TrainConfig config = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withSeed(42);
        ModelWeights weights;
        Evaluation trained;
        double trainSeconds;
        try (Model model = Model.init(cnn, 42)) {
            long t = System.nanoTime();
            Trainer.attach(model, config).fit(data.train());
            trainSeconds = (System.nanoTime() - t) / 1e9;
            weights = model.weights();
            trained = model.evaluate(data.test());
        }
        List<MethodComparison.Row> rows = MethodComparison.run(cnn, weights, data, MethodComparison.halfWidthRecipes(1024, 1));

        StringBuilder md = new StringBuilder();
        md.append("# Results: selection methods at half width\n\n");
        md.append("Produced by `bench/results.sh` (this file is rewritten by it) on ").append(LocalDate.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, CPU.\n\n");
        md.append(String.format(Locale.ROOT, "Model: built-in `cnn` (%d params, %d FLOPs) trained 2 epochs on the %s "
                        + "(Adam, batch 64, seed 42, %.0f s): test top-1 %.4f on %d images.%n%n",
                cnn.totalParams(), cnn.totalFlops(), data.source(), trainSeconds, trained.accuracy(), trained.samples()));
        md.append("Each row keeps half of every prunable layer (conv1, conv2, fc1) with 1024 calibration samples "
                + "carved from the training data, seed 1, and reports test top-1 accuracy **before any finetuning**. "
                + "The same comparison is asserted by `MethodComparisonTest`.\n\n");
        md.append("| recipe | widths (conv1, conv2, fc1) | params after | top-1 after selection | drop | time (s) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (MethodComparison.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %d | %.4f | %.4f | %.1f |%n", r.recipe(),
                    r.widths().mkString(", "), r.paramsAfter(), r.accuracyAfterSelection(),
                    r.accuracyBefore() - r.accuracyAfterSelection(), r.seconds()));
        }
        md.append("\noptimizeGamma may keep fewer than half of a layer: it stops once the layer's output is "
                + "reproduced to the precision of the float32 statistics (discrepancy below 1e-6 of L(empty)).\n");
        md.append(String.format(Locale.ROOT, "%nTotal time %.0f s.%n", (System.nanoTime() - start) / 1e9));

        Outputs.replaceFile(out, md.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(md);
    }
}
