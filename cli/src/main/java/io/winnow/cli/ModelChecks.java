package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;

import java.nio.file.Path;

/** Checks on a loaded model that give a clear error before any work. */
final class ModelChecks {

    private ModelChecks() {
    }

    /**
     * A saved model's weights, refused unless they fit its architecture (ModelWeights.problems,
     * checked by ModelStore) and are all finite.
     */
    static ModelWeights readFiniteWeights(Path dir, Architecture arch) {
        ModelWeights weights = ModelStore.readWeights(dir, arch);
        requireFinite(weights, dir);
        return weights;
    }

    /** NaN or infinite weights make every output and statistic meaningless: name the layer and parameter. */
    static void requireFinite(ModelWeights weights, Path source) {
        for (var layer : weights.layers()) {
            for (var param : layer._2) {
                for (float v : param._2.values()) {
                    if (!Float.isFinite(v)) {
                        throw new UserError(source + ": layer " + layer._1 + " parameter " + param._1
                                + " holds " + v + "; a model with NaN or infinite weights cannot be evaluated, "
                                + "inspected or pruned");
                    }
                }
            }
        }
    }
}
