package io.winnow.spark;

import io.winnow.compare.SweepInputs;
import io.winnow.dsl.Target;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.select.Gram;
import io.winnow.report.ArchitectureJson;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.tf.prune.CalibrationStatistics;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code winnow prune --master URL}: every group's Gram matrix computed by Spark tasks, one per
 * partition of the calibration split (whole batches of 128 samples, as many partitions as the
 * cluster's default parallelism), added with treeAggregate along a fixed tree ({@link GramTree}), so
 * the same run gives the same matrices bit for bit. They equal the single-machine ones to rounding
 * (docs/scale.md). The driver ships the network of the moment (architecture JSON and a broadcast of
 * its weights); each executor reads the model and the data from their paths once and draws the run's
 * calibration split itself.
 *
 * <p>With streamed calibration data ({@code --calibration-data PATH}) the partitions are ranges of PATH
 * instead, whole parts of {@link StreamedSamples#PART} samples, and each executor reads only its range
 * ({@link StreamedPartitionGram}): neither the driver nor any executor holds PATH whole.
 */
final class SparkStatistics implements CalibrationStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(SparkStatistics.class);
    /** Calibration samples per forward pass on an executor, as on the driver (LayerStatistics.BATCH). */
    private static final int BATCH = 128;

    private final SparkSessions.Held held;
    private final JavaSparkContext spark;
    private final SweepInputs inputs;
    private final int samples;
    private final long seed;
    /** The streamed calibration data, or null when the executors draw the run's calibration split. */
    private final StreamedSamples streamed;
    private Broadcast<ModelWeights> original;
    private ModelWeights originalWeights;

    SparkStatistics(String master, SweepInputs inputs, int samples, long seed) {
        this(master, inputs, samples, seed, null);
    }

    SparkStatistics(String master, SweepInputs inputs, StreamedSamples streamed) {
        this(master, inputs, streamed.size(), 0, streamed);
    }

    private SparkStatistics(String master, SweepInputs inputs, int samples, long seed, StreamedSamples streamed) {
        this.held = SparkSessions.on(master, "winnow prune");
        this.spark = JavaSparkContext.fromSparkContext(held.session().sparkContext());
        this.inputs = inputs;
        this.samples = samples;
        this.seed = seed;
        this.streamed = streamed;
    }

    @Override
    public Gram gram(Network current, Network unpruned, ChannelGroup group, Target target, Split calibration,
                     String label) {
        if (streamed == null && calibration.size() != samples) {
            throw new IllegalArgumentException("the run's calibration split has " + calibration.size()
                    + " samples, but the executors were told to draw " + samples);
        }
        java.util.List<Part> parts = Part.of(samples, streamed == null ? BATCH : StreamedSamples.PART,
                spark.defaultParallelism());
        long start = System.nanoTime();
        Broadcast<ModelWeights> weights = spark.broadcast(current.weights());
        try {
            spark.setJobDescription("winnow prune: statistics of " + label);
            String arch = ArchitectureJson.write(current.architecture());
            String originalArch = ArchitectureJson.write(unpruned.architecture());
            Function2<GramTree, Part, GramTree> partition = streamed == null
                    ? new PartitionGram(inputs, samples, seed, PartitionGram.fingerprint(calibration), arch, weights,
                    originalArch, original(unpruned.weights()), group.layers().head(), target, label)
                    : new StreamedPartitionGram(inputs, streamed.path().toString(), samples, arch, weights,
                    originalArch, original(unpruned.weights()), group.layers().head(), target, label);
            Gram gram = spark.parallelize(parts, parts.size())
                    .treeAggregate(new GramTree(parts.size()), partition, GramTree::merge)
                    .sum();
            LOG.info(String.format(Locale.ROOT, "statistics of %s: %d partitions of %d %scalibration samples on %s "
                    + "in %.1fs", label, parts.size(), samples, streamed == null ? "" : "streamed ", spark.master(),
                    (System.nanoTime() - start) / 1e9));
            return gram;
        } catch (Exception e) {
            // A task that failed on every attempt (an executor that cannot read the model, say).
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new java.io.UncheckedIOException(new java.io.IOException("Spark could not compute the statistics of "
                    + label + " on " + spark.master() + ": " + message, e));
        } finally {
            weights.destroy();
        }
    }

    /** The unpruned weights, broadcast once per run. */
    private Broadcast<ModelWeights> original(ModelWeights weights) {
        if (original == null || originalWeights != weights) {
            if (original != null) {
                original.destroy();
            }
            original = spark.broadcast(weights);
            originalWeights = weights;
        }
        return original;
    }

    @Override
    public String describe() {
        return "Apache Spark on " + spark.master() + (streamed == null ? "" : ", streaming " + streamed.describe());
    }

    @Override
    public io.vavr.control.Option<StreamedSamples> streamed() {
        return io.vavr.control.Option.of(streamed);
    }

    @Override
    public void close() {
        if (original != null) {
            original.destroy();
        }
        held.close();
    }
}
