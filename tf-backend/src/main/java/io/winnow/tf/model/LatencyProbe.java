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

    /**
     * The original's and the pruned model's latency at batch 1 and 256, their calls alternating, so that
     * a slow spell of a shared machine falls on both alike and the ratio stays fair.
     */
    public static PruneReport.Latency compare(Architecture original, ModelWeights originalWeights,
                                              Architecture pruned, ModelWeights prunedWeights) {
        return compare(original, originalWeights, pruned, prunedWeights, RUNS);
    }

    /** As {@link #compare(Architecture, ModelWeights, Architecture, ModelWeights)}, with {@code runs} timed calls each. */
    public static PruneReport.Latency compare(Architecture original, ModelWeights originalWeights,
                                              Architecture pruned, ModelWeights prunedWeights, int runs) {
        if (!original.input().equals(pruned.input())) {
            throw new IllegalArgumentException("the models take different inputs: " + original.input() + " and "
                    + pruned.input());
        }
        float[] x = inputs(original);
        try (Model a = folded(original, originalWeights); Model b = folded(pruned, prunedWeights)) {
            double[] one = medianMs(a, b, x, 1, runs);
            double[] many = medianMs(a, b, x, 256, runs);
            return new PruneReport.Latency(RUNTIME, Runtime.getRuntime().availableProcessors(), runs,
                    new PruneReport.LatencyPoint(one[0], many[0]), new PruneReport.LatencyPoint(one[1], many[1]));
        }
    }

    private static Model folded(Architecture arch, ModelWeights weights) {
        BatchNormFolding.Folded folded = BatchNormFolding.fold(arch, weights);
        return Model.build(folded.architecture(), folded.weights());
    }

    /** 256 samples of seeded random input for a model of {@code arch}. */
    private static float[] inputs(Architecture arch) {
        int sample = Math.toIntExact(arch.input().size());
        float[] x = new float[256 * sample];
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** Median milliseconds per call of a and of b, their calls alternating. */
    private static double[] medianMs(Model a, Model b, float[] x, int batch, int runs) {
        for (int i = 0; i < WARM_UP; i++) {
            a.logits(x, batch);
            b.logits(x, batch);
        }
        double[] msA = new double[runs];
        double[] msB = new double[runs];
        for (int i = 0; i < runs; i++) {
            msA[i] = timed(a, x, batch);
            msB[i] = timed(b, x, batch);
        }
        Arrays.sort(msA);
        Arrays.sort(msB);
        return new double[] {msA[runs / 2], msB[runs / 2]};
    }

    private static double timed(Model model, float[] x, int batch) {
        long start = System.nanoTime();
        model.logits(x, batch);
        return (System.nanoTime() - start) / 1e6;
    }
}
