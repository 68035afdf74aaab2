package io.winnow.tf.model;

import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.BatchNormFolding;
import io.winnow.engine.model.ModelWeights;
import io.winnow.report.PruneReport;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Inference latency as a user's serving loop sees it in TensorFlow Java: one call of
 * {@link Model#logits(float[], int)} per batch (tensor in, session run, tensor out), with batch
 * norm folded into the layer before it ({@link BatchNormFolding}), warm, the median of several
 * timed calls. Used for the original and the pruned model alike, so that their ratio is fair.
 */
public final class LatencyProbe {

    /** What runs the models, as reports name it. */
    public static final String RUNTIME = "TensorFlow Java 1.1.0 CPU";
    /** Untimed calls first: graph optimisation and allocation happen on the first runs. */
    static final int WARM_UP = 3;
    /** Timed calls per batch size; each figure is their median. */
    public static final int RUNS = 15;

    private LatencyProbe() {
    }

    /** The original's and the pruned model's latency at batch 1 and 256. */
    public static PruneReport.Latency compare(Architecture original, ModelWeights originalWeights,
                                              Architecture pruned, ModelWeights prunedWeights) {
        return new PruneReport.Latency(RUNTIME, Runtime.getRuntime().availableProcessors(), RUNS,
                measure(original, originalWeights), measure(pruned, prunedWeights));
    }

    /** Median milliseconds per call at batch 1 and 256, on seeded random inputs. */
    public static PruneReport.LatencyPoint measure(Architecture arch, ModelWeights weights) {
        BatchNormFolding.Folded folded = BatchNormFolding.fold(arch, weights);
        int sample = Math.toIntExact(arch.input().size());
        float[] x = new float[256 * sample];
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        try (Model model = Model.build(folded.architecture(), folded.weights())) {
            return new PruneReport.LatencyPoint(medianMs(model, x, 1), medianMs(model, x, 256));
        }
    }

    private static double medianMs(Model model, float[] x, int batch) {
        for (int i = 0; i < WARM_UP; i++) {
            model.logits(x, batch);
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            model.logits(x, batch);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
