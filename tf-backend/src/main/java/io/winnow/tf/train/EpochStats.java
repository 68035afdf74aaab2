package io.winnow.tf.train;

/**
 * One epoch of training: the mean training loss over its steps (the objective without weight decay,
 * in training mode), wall-clock seconds and throughput.
 */
public record EpochStats(int epoch, int steps, double meanLoss, double seconds, double samplesPerSecond) {
}
