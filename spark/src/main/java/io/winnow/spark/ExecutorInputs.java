package io.winnow.spark;

import io.winnow.WinnowModel;
import io.winnow.compare.SweepInputs;
import io.winnow.tf.data.Dataset;

/**
 * The model and the data of a sweep, read once per executor JVM and shared by every point it runs,
 * as a local compare shares them: both are immutable values, and reading them for every point cost
 * about a second each on the test MLP. Holds one sweep's inputs; another sweep's replace them.
 */
final class ExecutorInputs {

    record Loaded(SweepInputs inputs, WinnowModel model, Dataset data) {
    }

    private static Loaded loaded;

    private ExecutorInputs() {
    }

    /** The inputs' model and data, read now if this JVM has not read them yet. */
    static synchronized Loaded of(SweepInputs inputs) {
        if (loaded == null || !loaded.inputs().equals(inputs)) {
            WinnowModel model = inputs.loadModel();
            loaded = new Loaded(inputs, model, inputs.loadData(model.architecture()));
        }
        return loaded;
    }
}
