package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.FinetuneOption;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.train.Distillation;
import io.winnow.tf.train.LrSchedule;
import io.winnow.tf.train.Optimizer;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import io.winnow.tf.train.TrainingDivergedException;

/**
 * The recipe's finetuning: SGD with Nesterov momentum 0.9 and a cosine schedule, optionally
 * distilling from the unpruned model's logits. Per-layer finetunes (GFS practice: 0.1 epoch,
 * lr 2.5e-3, docs/theory.md section 7) train on that fraction of a seeded shuffle of the training data.
 */
final class Finetuning {

    /** Learning rate of the final finetune when the recipe gives none. */
    static final double DEFAULT_LR = 0.01;
    /** Learning rate of a per-layer finetune when the recipe gives none (the GFS code's). */
    static final double DEFAULT_LAYER_LR = 2.5e-3;
    /** Weight of the soft (teacher) term when distilling. */
    static final double DISTILL_ALPHA = 0.9;

    private Finetuning() {
    }

    static TrainConfig config(int epochs, List<FinetuneOption> options, double defaultLr, long seed) {
        TrainConfig config = TrainConfig.defaults().withEpochs(epochs)
                .withOptimizer(Optimizer.nesterov(0.9)).withSchedule(LrSchedule.cosine())
                .withLearningRate(defaultLr).withSeed(seed);
        for (FinetuneOption o : options) {
            if (o instanceof FinetuneOption.LearningRate lr) {
                config = config.withLearningRate(lr.value());
            } else if (o instanceof FinetuneOption.BatchSize b) {
                config = config.withBatchSize(b.size());
            } else if (o instanceof FinetuneOption.Distill d) {
                config = config.withDistillation(new Distillation(d.temperature(), DISTILL_ALPHA));
            } else if (o instanceof FinetuneOption.Clip c) {
                config = config.withClipNorm(c.maxNorm());
            }
        }
        return config;
    }

    /**
     * Trains the weights in place of the given ones and returns the trained ones. {@code step} names
     * the recipe step ("finetune", "finetuneEachLayer") when the loss diverges.
     */
    static ModelWeights train(String step, Architecture arch, ModelWeights weights, Split train, TrainConfig config,
                              Option<FloatArray> teacherLogits) {
        try {
            return train(arch, weights, train, config, teacherLogits);
        } catch (TrainingDivergedException e) {
            throw e.during(step, "lower lr(" + config.learningRate() + ")");
        }
    }

    private static ModelWeights train(Architecture arch, ModelWeights weights, Split train, TrainConfig config,
                                      Option<FloatArray> teacherLogits) {
        try (Model model = Model.build(arch, weights)) {
            Trainer trainer = Trainer.attach(model, config);
            if (config.distillation().isDefined()) {
                trainer.distil(train, teacherLogits.getOrElseThrow(
                        () -> new IllegalStateException("distillation needs the teacher's logits")));
            } else {
                trainer.fit(train);
            }
            return model.weights();
        }
    }

    /** The first {@code fraction} of a seeded shuffle of the training split (at least one batch). */
    static int[] fractionIndices(int size, double fraction, long seed) {
        int n = (int) Math.max(1, Math.min(size, Math.ceil(fraction * size)));
        int[] p = Split.permutation(size, seed);
        int[] chosen = java.util.Arrays.copyOf(p, n);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    /** Rows of {@code logits} (n x classes) for the chosen samples. */
    static FloatArray rows(FloatArray logits, int[] indices) {
        int classes = (int) logits.dim(1);
        float[] v = new float[indices.length * classes];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(logits.values(), indices[j] * classes, v, j * classes, classes);
        }
        return new FloatArray(new long[]{indices.length, classes}, v);
    }
}
