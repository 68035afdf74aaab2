package io.winnow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
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
                .conv("c", 4, 3, 2, Padding.VALID).batchNorm("bn").maxPool("m", 2).avgPool("a", 1).zeroPad("zp", 1, 2, 0, 3).relu("r")
                .depthwiseConv("dw", 3, 2, Padding.SAME).relu6("r6").from("r").depthwiseConv("dw1", 1)
                .add("sum", "dw1").globalAvgPool("g").dense("logits", 3).build();
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

    private static String json(String input, String layers) {
        return "{\"format\": \"winnow-architecture/1\", \"name\": \"huge\", \"input\": " + input + ", \"layers\": ["
                + layers + "]}";
    }

    @Test
    void anInputTooLargeToHoldIsRefusedNamingTheFileAndTheValue() {
        String text = json("{\"height\": 100000, \"width\": 100000, \"channels\": 1000}",
                "{\"kind\": \"flatten\", \"name\": \"f\", \"input\": \"input\"},"
                        + "{\"kind\": \"dense\", \"name\": \"logits\", \"input\": \"f\", \"units\": 10}");
        assertThatThrownBy(() -> ArchitectureJson.read(text, "m/assets/architecture.json"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("m/assets/architecture.json: an image of 100000x100000x1000 holds 10000000000000 values per "
                        + "sample; at most 2147483639 are supported");
    }

    @Test
    void aLayerWithMoreParametersThanAnArrayHoldsIsRefused() {
        String text = json("{\"height\": 46000, \"width\": 46000, \"channels\": 1}",
                "{\"kind\": \"flatten\", \"name\": \"f\", \"input\": \"input\"},"
                        + "{\"kind\": \"dense\", \"name\": \"logits\", \"input\": \"f\", \"units\": 1000}");
        assertThatThrownBy(() -> ArchitectureJson.read(text, "a.json"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("a.json: architecture huge: layer logits (dense) has 2116000001000 parameters; a layer may "
                        + "hold at most 2147483639");
    }

    @Test
    void countsThatOverflowALongAreRefused() {
        String text = json("{\"height\": 40000, \"width\": 40000, \"channels\": 1}",
                "{\"kind\": \"conv2d\", \"name\": \"c\", \"input\": \"input\", \"filters\": 1, "
                        + "\"kernel\": 2147483647, \"stride\": 1, \"padding\": \"SAME\"},"
                        + "{\"kind\": \"globalavgpool\", \"name\": \"g\", \"input\": \"c\"},"
                        + "{\"kind\": \"dense\", \"name\": \"logits\", \"input\": \"g\", \"units\": 2}");
        assertThatThrownBy(() -> ArchitectureJson.read(text, "a.json"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("a.json: architecture huge: layer c (conv2d): its parameter or FLOP count exceeds");
    }
}
