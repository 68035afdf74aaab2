package io.winnow.tf.train;

import io.vavr.control.Option;

/**
 * Everything that decides a training run. Each {@code with...} returns a changed copy.
 *
 * @param weightDecay    coefficient lambda of lambda * sum ||W||^2 / 2 over Dense and Conv2D kernels
 * @param labelSmoothing epsilon: targets (1 - epsilon) * one-hot + epsilon / classes
 * @param seed           seeds the shuffling of every epoch
 * @param logEvery       steps between progress lines
 * @param clipNorm       when given, each step's gradient (all variables together) is scaled down to at most this
 *                       Euclidean norm
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, Optimizer optimizer, LrSchedule schedule,
                          double weightDecay, double labelSmoothing, long seed, int logEvery,
                          Option<Distillation> distillation, Option<Double> clipNorm) {

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || learningRate <= 0 || weightDecay < 0 || labelSmoothing < 0
                || labelSmoothing >= 1 || logEvery < 1 || clipNorm.exists(c -> !(c > 0 && Double.isFinite(c)))) {
            throw new IllegalArgumentException("invalid training configuration: " + this);
        }
    }

    /** Adam, learning rate 1e-3, batch 128, 3 epochs, constant rate, no decay, no smoothing, seed 0. */
    public static TrainConfig defaults() {
        return new TrainConfig(3, 128, 1e-3, Optimizer.adam(), LrSchedule.constant(), 0, 0, 0, 50, Option.none(), Option.none());
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, learningRate, optimizer, schedule, weightDecay, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(epochs, b, learningRate, optimizer, schedule, weightDecay, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, optimizer, schedule, weightDecay, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withOptimizer(Optimizer o) {
        return new TrainConfig(epochs, batchSize, learningRate, o, schedule, weightDecay, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withSchedule(LrSchedule s) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, s, weightDecay, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withWeightDecay(double wd) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, wd, labelSmoothing, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withLabelSmoothing(double ls) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, weightDecay, ls, seed, logEvery, distillation, clipNorm);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, weightDecay, labelSmoothing, s, logEvery, distillation, clipNorm);
    }

    public TrainConfig withLogEvery(int steps) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, weightDecay, labelSmoothing, seed, steps, distillation, clipNorm);
    }

    public TrainConfig withDistillation(Distillation d) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, weightDecay, labelSmoothing, seed, logEvery, Option.some(d), clipNorm);
    }

    /** Global-norm gradient clipping at {@code maxNorm}. */
    public TrainConfig withClipNorm(double maxNorm) {
        return new TrainConfig(epochs, batchSize, learningRate, optimizer, schedule, weightDecay, labelSmoothing, seed, logEvery,
                distillation, Option.some(maxNorm));
    }
}
