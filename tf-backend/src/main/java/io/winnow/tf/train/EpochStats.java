package io.winnow.tf.train;

import io.vavr.control.Option;
import io.winnow.engine.model.Evaluation;

/**
 * One epoch of training: the mean training loss over its steps (the objective without weight decay,
 * in training mode), wall-clock seconds and throughput (evaluation excluded), and the inference-mode
 * evaluation on the validation split when one was given.
 */
public record EpochStats(int epoch, int steps, double meanLoss, double seconds, double samplesPerSecond,
                         Option<Evaluation> validation) {
}
