package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.HashMap;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.report.PruneReport;
import org.junit.jupiter.api.Test;

class SlowWidthsTest {

    private static final Architecture CNN = Architectures.cnn(32, 64, 256);

    private static PruneReport.Latency latency(double original256, double pruned256) {
        return new PruneReport.Latency("TensorFlow Java 1.1.0 CPU", 2, 15, new PruneReport.LatencyPoint(1, original256),
                new PruneReport.LatencyPoint(1, pruned256));
    }

    @Test
    void aSlowerPrunedModelWithUnalignedWidthsGetsANoteNamingThemAndTheFix() {
        Architecture pruned = CNN.withWidths(HashMap.of("conv2", 31, "fc1", 95));
        assertThat(SlowWidths.note(latency(30.40, 32.27), CNN, pruned).toJavaOptional()).hasValueSatisfying(note -> assertThat(note)
                .contains("ran 0.94x the original's speed at batch 256", "conv2 31, fc1 95", ".align(16)")
                .doesNotContain("conv1"));
    }

    @Test
    void noNoteWhenThePrunedModelIsFasterOrItsWidthsAreAlignedOrKept() {
        Architecture odd = CNN.withWidths(HashMap.of("conv2", 31, "fc1", 95));
        assertThat(SlowWidths.note(latency(30.40, 20.0), CNN, odd).toJavaOptional()).isEmpty();
        Architecture aligned = CNN.withWidths(HashMap.of("conv1", 16, "fc1", 96));
        assertThat(SlowWidths.note(latency(30.40, 32.27), CNN, aligned).toJavaOptional()).isEmpty();
        assertThat(SlowWidths.note(latency(30.40, 32.27), CNN, CNN).toJavaOptional()).isEmpty();
    }
}
