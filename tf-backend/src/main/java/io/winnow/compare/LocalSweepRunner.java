package io.winnow.compare;

import io.vavr.collection.List;
import io.winnow.WinnowModel;
import io.winnow.tf.data.Dataset;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default runner: every point in this process, one after another, on the model and data
 * already read here (the inputs they were read from are not read again).
 */
public final class LocalSweepRunner implements SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSweepRunner.class);

    private final WinnowModel model;
    private final Dataset data;

    public LocalSweepRunner(WinnowModel model, Dataset data) {
        this.model = model;
        this.data = data;
    }

    @Override
    public void run(SweepInputs inputs, List<SweepJob> jobs, Consumer<SweepPoint> done) {
        long start = System.nanoTime();
        int ran = 0;
        for (SweepJob job : jobs) {
            LOG.info("point {} of {}: {} {} seed {}{}", ran + 1, jobs.size(), job.name(), job.budget(), job.seed(),
                    eta(start, ran, jobs.size()));
            done.accept(Sweep.run(job, model, data));
            ran++;
        }
    }

    private static String eta(long start, int done, int total) {
        if (done == 0) {
            return "";
        }
        double perPoint = (System.nanoTime() - start) / 1e9 / done;
        return String.format(Locale.ROOT, " (about %.0f s left)", perPoint * (total - done));
    }
}
