package io.winnow.compare;

import io.vavr.collection.List;
import java.util.function.Consumer;

/**
 * Runs the points of a sweep somewhere: here, one after another ({@link LocalSweepRunner}), or as
 * tasks on a cluster ({@link SweepCluster}). Every point is {@link Sweep#run}, a pure function of its
 * job, the model and the data, so where it runs changes nothing but the timings.
 */
public interface SweepRunner {

    /**
     * Runs every job and hands each point to {@code done}, on the calling thread, as it becomes
     * known. A point that fails is handed over as a failed point; the others still run.
     */
    void run(SweepInputs inputs, List<SweepJob> jobs, Consumer<SweepPoint> done);
}
