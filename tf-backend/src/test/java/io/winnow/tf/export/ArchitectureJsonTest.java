package io.winnow.tf.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.Architecture;
import io.winnow.dsl.Architectures;
import io.winnow.dsl.Padding;
import io.winnow.dsl.Shape;
import org.junit.jupiter.api.Test;

class ArchitectureJsonTest {

    @Test
    void everyBuiltInSurvivesARoundTrip() {
        for (String name : Architectures.names()) {
            Architecture arch = Architectures.byName(name).get();
            assertThat(ArchitectureJson.read(ArchitectureJson.write(arch), "test")).as(name).isEqualTo(arch);
        }
    }

    @Test
    void everyLayerKindSurvivesARoundTrip() {
        Architecture images = Architecture.builder("all-kinds", Shape.image(9, 9, 2))
                .conv("c", 4, 3, 2, Padding.VALID).batchNorm("bn").maxPool("m", 2).avgPool("a", 1).relu("r")
                .add("sum", "a").globalAvgPool("g").dense("logits", 3).build();
        Architecture flat = Architecture.builder("flat", Shape.image(4, 4, 1)).flatten("f").dense("logits", 2).build();
        assertThat(ArchitectureJson.read(ArchitectureJson.write(images), "test")).isEqualTo(images);
        assertThat(ArchitectureJson.read(ArchitectureJson.write(flat), "test")).isEqualTo(flat);
    }

    @Test
    void aVectorInputSurvivesARoundTrip() {
        Architecture arch = Architecture.builder("vector", Shape.vector(16)).dense("fc", 36).relu("r").dense("logits", 3).build();
        assertThat(ArchitectureJson.read(ArchitectureJson.write(arch), "test")).isEqualTo(arch);
    }

    @Test
    void anUnknownLayerKindIsReportedWithTheSource() {
        String json = ArchitectureJson.write(Architectures.mlp(4, 4)).replace("\"relu\"", "\"gelu\"");
        assertThatThrownBy(() -> ArchitectureJson.read(json, "model/assets/architecture.json"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model/assets/architecture.json")
                .hasMessageContaining("unknown kind \"gelu\"");
    }

    @Test
    void brokenJsonIsAModelFormatError() {
        assertThatThrownBy(() -> ArchitectureJson.read("{\"format\": ", "a.json"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("a.json: not valid JSON");
    }
}
