package io.winnow.tf.prune;

import io.vavr.control.Option;
import io.winnow.dsl.Target;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.Split;
import io.winnow.engine.select.Gram;
import io.winnow.tf.data.StreamedSamples;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code winnow prune --calibration-data PATH} on one machine: every group's Gram matrix summed over all
 * the samples of PATH, read {@link StreamedSamples#PART} at a time ({@link CalibrationStatistics#streamed}),
 * so the statistics hold one part in memory however large PATH is. The run's calibration split (the
 * recipe's calibration(N) samples, drawn from PATH by the seed) serves everything that needs samples
 * rather than sums: width plans, bias-correction means, global imitation, Theorem 4 (docs/scale.md).
 */
public final class StreamedStatistics implements CalibrationStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedStatistics.class);

    private final StreamedSamples data;

    public StreamedStatistics(StreamedSamples data) {
        this.data = data;
    }

    @Override
    public Gram gram(Network current, Network original, ChannelGroup group, Target target, Split calibration,
                     String label) {
        long start = System.nanoTime();
        Gram gram = CalibrationStatistics.streamed(current, original, group.layers().head(), target, data, 0,
                data.size(), label);
        LOG.info(String.format(Locale.ROOT, "statistics of %s: %d streamed samples in %.1fs", label, data.size(),
                (System.nanoTime() - start) / 1e9));
        return gram;
    }

    @Override
    public String describe() {
        return "this machine, streaming " + data.describe();
    }

    @Override
    public Option<StreamedSamples> streamed() {
        return Option.some(data);
    }

    @Override
    public void close() {
        // Nothing is held between groups.
    }
}
