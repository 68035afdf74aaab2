package io.winnow.tf.prune;

import static io.winnow.dsl.Recipes.localImitation;
import static io.winnow.dsl.Recipes.ratio;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Target;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.select.Gram;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import io.winnow.tf.data.Npy;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.tf.prune.CalibrationStatistics.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --calibration-data: statistics streamed a part at a time equal those of the same samples held whole,
 * read no more than a part at once, and a run on them selects what a run on the samples in memory does.
 */
class StreamedStatisticsTest {

    private static final Architecture TINY = TinyNet.ARCH;
    /** The teacher data's 1200 training samples: one whole part of 1024 and a short one of 176. */
    private static final int SAMPLES = 1200;

    @TempDir
    static Path tmp;

    private static Dataset data;
    private static ModelWeights trained;
    private static StreamedSamples stream;

    @BeforeAll
    static void writeTheTrainingSamplesAsArrays() throws IOException {
        TinyNet.Trained net = TinyNet.trained();
        data = net.data();
        trained = net.weights();
        Split train = data.train();
        ByteBuffer x = ByteBuffer.allocate(4 * train.x().length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : train.x()) {
            x.putFloat(v);
        }
        ByteBuffer y = ByteBuffer.allocate(8 * train.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : train.y()) {
            y.putLong(label);
        }
        Files.write(tmp.resolve("x.npy"), Npy.file("<f4", new long[] {train.size(), 8, 8}, x.array()));
        Files.write(tmp.resolve("y.npy"), Npy.file("<i8", new long[] {train.size()}, y.array()));
        stream = StreamedSamples.open(tmp, TINY.input(), TINY.classes(), Normalisation.NONE);
    }

    @Test
    void theStreamedGramOfEveryGroupAndTargetEqualsTheGramOfTheSamplesHeldWhole() {
        assertThat(stream.size()).isEqualTo(SAMPLES);
        Network net = new Network(TINY, trained);
        Split whole = data.train();
        for (String group : new String[] {"conv1", "conv2", "fc1"}) {
            for (Target target : Target.values()) {
                Gram streamed = CalibrationStatistics.streamed(net, net, group, target, stream, 0, SAMPLES, group);
                Gram held = CalibrationStatistics.onePart(net, net, group, target, whole, group);
                assertClose(streamed, held, group + " " + target);
            }
        }
    }

    @Test
    void aStreamedPassReadsEverySampleOnceAndNeverMoreThanOnePartAtATime() {
        Counting counting = new Counting(stream);
        Network net = new Network(TINY, trained);
        CalibrationStatistics.streamed(net, net, "conv2", Target.SAME_INPUT, counting, 0, SAMPLES, "conv2");
        assertThat(counting.samples).isEqualTo(SAMPLES);
        assertThat(counting.largest).isEqualTo(StreamedSamples.PART);
        assertThat(counting.reads).isEqualTo(2);
    }

    @Test
    void aRunOnStreamedStatisticsKeepsTheChannelsOfARunOnTheSameSamplesInMemory() {
        Plan plan = localImitation().optimizeGamma().select(ratio(0.5)).calibration(SAMPLES).compile(TINY).get();
        Dataset sampled = data.withCalibration(stream.sample(SAMPLES, 3));
        PruneJob.Outcome streamed = PruneJob.run(plan, trained, sampled, 3,
                Option.some(new StreamedStatistics(stream)));
        PruneJob.Outcome inMemory = PruneJob.run(plan, trained, sampled, 3);
        assertThat(streamed.streamed()).contains(stream);
        assertThat(inMemory.streamed()).isEmpty();
        assertThat(streamed.data().train().size()).as("the training data keep every sample").isEqualTo(SAMPLES);
        assertThat(streamed.pruned().layers().map(l -> Arrays.toString(l.mixing().kept())))
                .isEqualTo(inMemory.pruned().layers().map(l -> Arrays.toString(l.mixing().kept())));
        assertThat(streamed.afterSelection().accuracy()).isEqualTo(inMemory.afterSelection().accuracy());
    }

    private static void assertClose(Gram a, Gram b, String what) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.dimension()).as(what).isEqualTo(b.dimension());
        double scale = 0;
        for (int i = 0; i < a.width(); i++) {
            scale = Math.max(scale, Math.abs(b.entry(i, i)));
        }
        for (int i = 0; i < a.width(); i++) {
            assertThat(a.rowSum(i)).as(what + " b_" + i).isCloseTo(b.rowSum(i),
                    org.assertj.core.api.Assertions.within(1e-5 * a.width() * scale));
            for (int j = 0; j < a.width(); j++) {
                assertThat(a.entry(i, j)).as(what + " G_" + i + j).isCloseTo(b.entry(i, j),
                        org.assertj.core.api.Assertions.within(1e-5 * scale));
            }
        }
        assertThat(a.total()).as(what + " total").isCloseTo(b.total(),
                org.assertj.core.api.Assertions.within(1e-5 * a.width() * a.width() * scale));
        assertThat(scale).as(what + ": a Gram of something").isGreaterThan(0);
    }

    /** The samples read through it, and the largest read. */
    private static final class Counting implements StreamedSamples {
        private final StreamedSamples inner;
        int samples;
        int largest;
        int reads;

        Counting(StreamedSamples inner) {
            this.inner = inner;
        }

        @Override
        public Path path() {
            return inner.path();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public Split read(String name, int[] indices) {
            samples += indices.length;
            largest = Math.max(largest, indices.length);
            reads++;
            return inner.read(name, indices);
        }
    }
}
