package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.export.ModelStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** winnow sensitivity: every group probed at every ratio, a ranking, and a starting recipe that compiles. */
class SensitivityCommandTest {

    @TempDir
    Path tmp;

    @Test
    void probesEveryGroupAtEveryRatioAndWritesAStartingRecipeThatCompiles() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = tmp.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path out = tmp.resolve("sens");
        CliRun run = CliRun.winnow("sensitivity", "--model", model.toString(), "--data", "embedded",
                "--ratios", "0.5,0.25", "--max-drop", "100", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Most sensitive: ", "least sensitive: ", "fc1", "fc2");

        JsonNode result = new ObjectMapper().readTree(out.resolve("sensitivity.json").toFile());
        assertThat(result.get("points")).hasSize(4);
        for (JsonNode p : result.get("points")) {
            int full = p.get("layers").get(0).asText().equals("fc1") ? 16 : 12;
            assertThat(p.get("width").asInt()).isEqualTo((int) Math.ceil(p.get("ratio").asDouble() * full));
            assertThat(p.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        }
        String start = Files.readString(out.resolve("start.recipe"), StandardCharsets.UTF_8);
        var parsed = RecipeText.parse(start, "start.recipe");
        assertThat(parsed.isRight()).as(start).isTrue();
        // With any drop allowed, every layer goes to the narrowest probe.
        var plan = parsed.get().recipe().compile(mlp).get();
        assertThat(plan.steps().map(step -> step.width().get()).asJava()).containsExactly(4, 3);
        assertThat(start).contains("select(ratio(0.25)).layers(\"fc1\")", "select(ratio(0.25)).layers(\"fc2\")");
        assertThat(Files.readString(out.resolve("sensitivity.html"), StandardCharsets.UTF_8))
                .contains("data:image/png;base64,", "Most sensitive first");
    }
}
