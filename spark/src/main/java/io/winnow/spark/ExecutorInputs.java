package io.winnow.spark;

import io.winnow.WinnowModel;
import io.winnow.compare.SweepInputs;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.StreamedSamples;

/**
 * The model and the data of a sweep or a prune run, read once per executor JVM and shared by every
 * task it runs, as a local compare shares them: both are immutable values, and reading them for every
 * point cost about a second each on the test MLP. Holds one run's inputs; another run's replace them.
 */
final class ExecutorInputs {

    record Loaded(SweepInputs inputs, WinnowModel model, Dataset data) {
    }

    /** A run's calibration split with its {@link PartitionGram#fingerprint}, hashed once per executor JVM. */
    record Calibration(SweepInputs inputs, int samples, long seed, Split split, long fingerprint) {
    }

    /** Streamed calibration data opened for a model's input: listed, not read. */
    record Streamed(SweepInputs inputs, String path, StreamedSamples samples) {
    }

    private static Loaded loaded;
    private static Calibration calibration;
    private static Streamed streamed;

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

    /**
     * The calibration data at {@code path}, opened for the inputs' model (read from its path once per
     * executor JVM; the data set of {@code inputs} is not read): each task reads its own range of it.
     */
    static synchronized StreamedSamples streamed(SweepInputs inputs, String path) {
        if (streamed == null || !streamed.inputs().equals(inputs) || !streamed.path().equals(path)) {
            var arch = inputs.loadModel().architecture();
            streamed = new Streamed(inputs, path, StreamedSamples.open(java.nio.file.Path.of(path), arch.input(),
                    arch.classes(), inputs.normalisation()));
        }
        return streamed.samples();
    }

    /**
     * The calibration split a run on these inputs draws with {@code seed}, as {@link
     * io.winnow.tf.prune.PruneJob} draws it on the driver: kept for the next group's statistics.
     */
    static synchronized Calibration calibration(SweepInputs inputs, int samples, long seed) {
        if (calibration == null || !calibration.inputs().equals(inputs) || calibration.samples() != samples
                || calibration.seed() != seed) {
            Split split = of(inputs).data().withCalibration(samples, seed).calibration().get();
            calibration = new Calibration(inputs, samples, seed, split, PartitionGram.fingerprint(split));
        }
        return calibration;
    }
}
