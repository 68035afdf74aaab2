package io.winnow.spark;

import io.winnow.compare.SweepCluster;
import io.winnow.compare.SweepRunner;

/** Apache Spark as the engine behind {@code winnow compare --master URL}, found by {@link java.util.ServiceLoader}. */
public final class SparkCluster implements SweepCluster {

    @Override
    public String engine() {
        return "Apache Spark";
    }

    @Override
    public SweepRunner on(String master) {
        return new SparkSweepRunner(master);
    }
}
