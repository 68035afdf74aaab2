package io.winnow.compare;

import io.winnow.common.UserInputException;
import java.util.ServiceLoader;

/**
 * An engine that runs a sweep's points, or a run's calibration statistics, as tasks on a cluster,
 * found with {@link ServiceLoader} so that a plain Winnow install carries none: Winnow's spark module
 * provides Apache Spark's.
 */
public interface SweepCluster {

    /** How to enable a cluster engine, for the error a user sees when none is on the class path. */
    String HOW_TO_ENABLE = "run it with WINNOW_SPARK=1 (the winnow launcher then builds and adds Winnow's spark "
            + "module), or put spark/target/winnow-spark.jar and spark/target/lib/* on the class path; see docs/scale.md";

    /** The engine's name, for logs: "Apache Spark". */
    String engine();

    /**
     * A runner whose points run as tasks of the cluster at {@code master} (a Spark master URL, say);
     * a user error at once, before any work, when {@code master} is not a URL the engine takes.
     */
    SweepRunner on(String master);

    /**
     * Calibration statistics computed on the cluster at {@code master}: each executor reads the model
     * and the data from {@code inputs}' paths, draws the same calibration split as the run
     * ({@code calibrationSamples} samples, {@code seed}), and computes the Gram of its partition of it.
     */
    io.winnow.tf.prune.CalibrationStatistics statistics(String master, SweepInputs inputs, int calibrationSamples,
                                                        long seed);

    /**
     * Calibration statistics streamed on the cluster at {@code master} ({@code --calibration-data}): the
     * samples of {@code calibrationData} are split into one range per task, and each executor reads its
     * range from that path a part at a time ({@link io.winnow.tf.data.StreamedSamples}); the model is read
     * from {@code inputs}' path, and the normalisation is {@code inputs}'.
     */
    io.winnow.tf.prune.CalibrationStatistics streamedStatistics(String master, SweepInputs inputs,
                                                                io.winnow.tf.data.StreamedSamples calibrationData);

    /** The cluster engine on the class path, for {@code --master}; a user error naming the master when there is none. */
    static SweepCluster find(String master) {
        return ServiceLoader.load(SweepCluster.class).findFirst().orElseThrow(() -> new UserInputException(
                "--master " + master + ": no cluster engine is on the class path (a plain winnow install does not "
                        + "carry Spark); " + HOW_TO_ENABLE));
    }
}
