package io.winnow.spark;

import io.winnow.compare.Sweep;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepJob;
import io.winnow.compare.SweepPoint;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep point as a Spark task, on an executor: reads the model and the data from the path every
 * executor sees (once per executor JVM, {@link ExecutorInputs}) and runs {@link Sweep#run}, the same
 * pure job as a local compare. TensorFlow's native
 * library is loaded once per executor JVM (a static load in TensorFlow Java) and every tensor is
 * closed inside the job. A point whose job fails (a recipe that does not compile) comes back as a
 * failed point at once: running it again would fail the same way. Anything else that goes wrong (the
 * model cannot be read on this executor, say) fails the task so that Spark tries it again; on the
 * last attempt it comes back as a failed point instead, so that one point never stops the sweep.
 */
final class RunPoint implements Function<SweepJob, SweepPoint> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RunPoint.class);

    private final SweepInputs inputs;
    private final int attempts;

    RunPoint(SweepInputs inputs, int attempts) {
        this.inputs = inputs;
        this.attempts = attempts;
    }

    @Override
    public SweepPoint call(SweepJob job) {
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 1 : task.attemptNumber() + 1;
        try {
            ExecutorInputs.Loaded read = ExecutorInputs.of(inputs);
            return Sweep.run(job, read.model(), read.data());
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (attempt < attempts) {
                LOG.warn("point {} {} seed {}, attempt {} of {} failed, Spark tries again: {}", job.name(), job.budget(),
                        job.seed(), attempt, attempts, error);
                throw e;
            }
            return SweepPoint.failure(job, error + " (attempt " + attempt + " of " + attempts + ")");
        }
    }
}
