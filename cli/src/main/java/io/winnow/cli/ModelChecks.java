package io.winnow.cli;

import io.winnow.tf.model.ModelWeights;

import java.nio.file.Path;

/** Checks on a loaded model that give a clear error before any work. */
final class ModelChecks {

    private ModelChecks() {
    }

    /** NaN or infinite weights make every statistic meaningless: name the layer and parameter. */
    static void requireFinite(ModelWeights weights, Path source) {
        for (var layer : weights.layers()) {
            for (var param : layer._2) {
                for (float v : param._2.values()) {
                    if (!Float.isFinite(v)) {
                        throw new UserError(source + ": layer " + layer._1 + " parameter " + param._1
                                + " holds " + v + "; a model with NaN or infinite weights cannot be pruned");
                    }
                }
            }
        }
    }
}
