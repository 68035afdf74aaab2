package io.winnow.spark;

import io.vavr.collection.List;
import io.vavr.control.Try;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepJob;
import io.winnow.compare.SweepPoint;
import io.winnow.compare.SweepRunner;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep's points as Spark tasks on a master URL ({@code local[2]}, {@code spark://host:7077},
 * {@code yarn}, {@code k8s://...}). Every point is one task of its own one-task job, all submitted at
 * once: the cluster runs as many side by side as it has cores, Spark retries a failed task
 * (spark.task.maxFailures), and a point that still fails, even one whose executor died, fails alone
 * while the others finish. Points come back to the driver in grid order, each as soon as it and the
 * points before it are done, so compare.json grows as the sweep runs.
 */
public final class SparkSweepRunner implements SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSweepRunner.class);

    private final String master;

    /** A runner on {@code master}; a URL Spark would not accept is refused here, before any sweep starts. */
    public SparkSweepRunner(String master) {
        SparkSessions.requireMaster(master);
        this.master = master;
    }

    @Override
    public void run(SweepInputs inputs, List<SweepJob> jobs, Consumer<SweepPoint> done) {
        if (jobs.isEmpty()) {
            return;
        }
        try (SparkSessions.Held held = SparkSessions.on(master, "winnow compare")) {
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(held.session().sparkContext());
            int attempts = Attempts.of(spark.master(), spark.getConf());
            LOG.info("spark: {} points as tasks on {}, each tried up to {} times", jobs.size(), spark.master(), attempts);
            RunPoint task = new RunPoint(inputs, attempts);
            List<JavaFutureAction<java.util.List<SweepPoint>>> submitted = jobs.map(job -> {
                spark.setJobDescription("winnow compare: " + job.name() + " " + job.budget() + " seed " + job.seed());
                return spark.parallelize(java.util.List.of(job), 1).map(task).collectAsync();
            });
            jobs.zip(submitted).forEach(pair -> done.accept(collected(pair._1, pair._2)));
        }
    }

    /** The point one job computed, or, when the job failed even after Spark's retries, the point as failed. */
    private static SweepPoint collected(SweepJob job, JavaFutureAction<java.util.List<SweepPoint>> future) {
        return Try.of(() -> future.get().get(0)).getOrElseGet(e -> {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            return SweepPoint.failure(job, "Spark: " + message);
        });
    }
}
