package io.winnow.tf.model;

import io.vavr.collection.LinkedHashMap;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.WeightsDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Layer;
import io.winnow.report.FileDigests;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WeightsDigestTest {

    private static final Architecture CNN = Architectures.cnn(4, 8, 16);

    @Test
    void equalWeightsGiveTheSameDigestOnEveryCall() {
        assertThat(WeightsDigest.of(CNN, ModelWeights.init(CNN, 7))).isEqualTo(WeightsDigest.of(CNN, ModelWeights.init(CNN, 7)))
                .hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void changingOneFloatChangesTheDigest() {
        ModelWeights w = ModelWeights.init(CNN, 7);
        FloatArray kernel = w.get("fc1", ModelWeights.KERNEL);
        float[] values = kernel.values().clone();
        values[values.length / 2] = Math.nextUp(values[values.length / 2]);
        ModelWeights changed = w.with("fc1", ModelWeights.KERNEL, new FloatArray(kernel.shape(), values));
        assertThat(WeightsDigest.of(CNN, changed)).isNotEqualTo(WeightsDigest.of(CNN, w));
    }

    @Test
    void theOrderInWhichParametersWereStoredDoesNotMatter() {
        ModelWeights w = ModelWeights.init(CNN, 7);
        ModelWeights rebuilt = new ModelWeights(LinkedHashMap.empty());
        for (var layer : w.layers().toList().reverse()) {
            for (var param : layer._2.toList().reverse()) {
                rebuilt = rebuilt.with(layer._1, param._1, param._2);
            }
        }
        assertThat(rebuilt.layers().head()._1).isNotEqualTo(w.layers().head()._1);
        assertThat(WeightsDigest.of(CNN, rebuilt)).isEqualTo(WeightsDigest.of(CNN, w));
    }

    @Test
    void theDigestIsTheSha256OfTheDocumentedEncoding() throws IOException {
        ModelWeights w = ModelWeights.init(CNN, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // big-endian throughout
        for (Layer layer : CNN.layers()) {
            if (w.layers().get(layer.name()).isEmpty()) {
                continue;
            }
            for (String param : w.layer(layer.name()).keySet().toSortedSet()) {
                FloatArray a = w.get(layer.name(), param);
                byte[] name = (layer.name() + "/" + param).getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(a.shape().length);
                for (long d : a.shape()) {
                    out.writeLong(d);
                }
                for (float v : a.values()) {
                    out.writeFloat(v);
                }
            }
        }
        assertThat(WeightsDigest.of(CNN, w)).isEqualTo(FileDigests.of(bytes.toByteArray()));
    }

    @Test
    void weightsThatDoNotFitTheArchitectureHaveNoDigest() {
        assertThatThrownBy(() -> WeightsDigest.of(Architectures.cnn(4, 8, 32), ModelWeights.init(CNN, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }
}
