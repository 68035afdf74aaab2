package io.winnow.spark;

import io.winnow.compare.SweepCluster;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepRunner;
import io.winnow.tf.prune.CalibrationStatistics;

/**
 * Apache Spark as the engine behind {@code winnow compare --master URL} and {@code winnow prune --master URL},
 * found by {@link java.util.ServiceLoader}.
 */
public final class SparkCluster implements SweepCluster {

    @Override
    public String engine() {
        return "Apache Spark";
    }

    @Override
    public SweepRunner on(String master) {
        return new SparkSweepRunner(master);
    }

    @Override
    public CalibrationStatistics statistics(String master, SweepInputs inputs, int calibrationSamples, long seed) {
        return new SparkStatistics(master, inputs, calibrationSamples, seed);
    }

    @Override
    public CalibrationStatistics streamedStatistics(String master, SweepInputs inputs,
                                                    io.winnow.tf.data.StreamedSamples calibrationData) {
        return new SparkStatistics(master, inputs, calibrationData);
    }
}
