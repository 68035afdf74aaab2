package io.winnow.tf.prune;

import io.winnow.tf.stats.Formulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Progress of one layer's statistics pass ("layer i of n, batch b of B"): every batch at DEBUG, at most
 * one INFO line per {@link #INFO_EVERY_NANOS} while a layer runs long, and one INFO line when it ends
 * with its time and the formulation of each consumer (docs/theory.md section 1). A pass over one part of
 * streamed calibration data ({@link #asPart}) logs at DEBUG only: the stream reports its own progress.
 */
final class StatisticsProgress {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsProgress.class);
    static final long INFO_EVERY_NANOS = 2_000_000_000L;

    /** Whether this thread's passes are parts of a streamed pass. */
    private static final ThreadLocal<Boolean> PART = ThreadLocal.withInitial(() -> false);

    private final String layer;
    private final int batches;
    private final long start = System.nanoTime();
    private long lastInfo = start;

    StatisticsProgress(String layer, int samples) {
        this.layer = layer;
        this.batches = (samples + LayerStatistics.BATCH - 1) / LayerStatistics.BATCH;
    }

    /** {@code pass}'s statistics progress at DEBUG: it is one part of a streamed pass. */
    static <T> T asPart(java.util.function.Supplier<T> pass) {
        boolean was = PART.get();
        PART.set(true);
        try {
            return pass.get();
        } finally {
            PART.set(was);
        }
    }

    /** A streamed pass's progress: {@code done} of {@code total} samples after {@code nanos}. */
    static void streamed(String layer, long done, long total, long nanos) {
        LOG.info(String.format(Locale.ROOT, "statistics of %s: %d of %d streamed samples, %.1f s", layer, done, total,
                nanos / 1e9));
    }

    /** Batch {@code b} (from 1) has been added. */
    void batch(int b) {
        long now = System.nanoTime();
        if (!PART.get() && now - lastInfo >= INFO_EVERY_NANOS && b < batches) {
            lastInfo = now;
            LOG.info("statistics of {}: batch {} of {}", layer, b, batches);
        } else {
            LOG.debug("statistics of {}: batch {} of {}", layer, b, batches);
        }
    }

    void done(long samples, List<String> consumers, List<Formulation> formulations) {
        StringBuilder how = new StringBuilder();
        for (int k = 0; k < consumers.size(); k++) {
            how.append(k == 0 ? "" : ", ").append(consumers.get(k)).append(' ')
                    .append(formulations.get(k).name().toLowerCase(Locale.ROOT));
        }
        String line = String.format(Locale.ROOT, "statistics of %s: %d samples in %d batches, %.2f s (%s)", layer,
                samples, batches, (System.nanoTime() - start) / 1e9, how);
        if (PART.get()) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
    }
}
