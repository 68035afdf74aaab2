package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.Layer;
import io.winnow.tf.UserInputException;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;

/**
 * Before any work: every layer's activation on the calibration data must be finite. Finite weights
 * can still overflow float32 (a kernel of 1e30, an exploding BN scale), and a NaN that reaches a
 * Gram matrix makes every selection meaningless. The first layer, in execution order, whose output
 * holds a NaN or an infinity is named with the sample and the value.
 */
final class FiniteActivations {

    /** Samples a batch: all layers' outputs for this many samples are held at once. */
    static final int BATCH = 128;

    private FiniteActivations() {
    }

    static void require(Model model, Split split) {
        List<String> layers = model.architecture().layers().map(Layer::name);
        for (int from = 0; from < split.size(); from += BATCH) {
            Split batch = split.slice(from, Math.min(split.size(), from + BATCH));
            var outputs = model.activations(batch.x(), batch.size(), layers);
            for (String layer : layers) {
                FloatArray out = outputs.get(layer).get();
                float[] values = out.values();
                int perSample = values.length / batch.size();
                for (int e = 0; e < values.length; e++) {
                    if (!Float.isFinite(values[e])) {
                        throw new UserInputException("layer " + layer + " outputs " + values[e] + " on " + split.name()
                                + " sample " + (from + e / perSample) + " (the layers before it are finite there): the"
                                + " model's weights overflow float32 on this data, so it cannot be pruned; every"
                                + " activation must be a finite number");
                    }
                }
            }
        }
    }
}
