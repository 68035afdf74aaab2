package io.winnow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.winnow.dsl.Plan;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.LayerCost;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json} form of a command's result: one JSON object on stdout, keys in a fixed order,
 * so that scripts read what people read in the text form. Logs stay on stderr.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    static void print(PrintWriter out, Map<String, ?> value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** An architecture as inspect shows it: every layer with its shape, width, params and FLOPs. */
    static Map<String, Object> architecture(Architecture arch) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("architecture", arch.name());
        result.put("input", arch.input().toString());
        result.put("classes", arch.classes());
        var shapes = arch.shapes();
        java.util.List<Map<String, Object>> layers = new java.util.ArrayList<>();
        for (LayerCost cost : arch.costs()) {
            Layer layer = arch.layer(cost.layer()).get();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", layer.name());
            row.put("kind", layer.kind());
            row.put("reads", layer.inputs().asJava());
            row.put("output", shapes.get(layer.name()).get().toString());
            if (Architecture.hasNeurons(layer)) {
                row.put("width", Architecture.widthOf(layer));
            }
            row.put("params", cost.params());
            row.put("flops", cost.flops());
            layers.add(row);
        }
        result.put("layers", layers);
        result.put("params", arch.totalParams());
        result.put("flops", arch.totalFlops());
        return result;
    }

    /** A plan as recipe explain shows it: the prune steps, then every layer before and after. */
    static Map<String, Object> plan(Plan plan) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("recipeSha256", io.winnow.dsl.RecipeText.hash(plan.recipe()));
        result.put("recipeVersion", plan.recipe().version());
        result.put("architecture", plan.architecture().name());
        java.util.List<Map<String, Object>> steps = new java.util.ArrayList<>();
        for (Plan.PruneStep step : plan.steps()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("order", step.order());
            row.put("layers", step.group().layers().asJava());
            row.put("stage", step.stage().label());
            row.put("budget", step.budget().text());
            row.put("correctBias", step.stage().correctBias());
            row.put("widthBefore", step.group().width());
            row.put("widthAfter", step.width().getOrNull());
            steps.add(row);
        }
        result.put("steps", steps);
        java.util.List<Map<String, Object>> layers = new java.util.ArrayList<>();
        for (Plan.LayerPlan layer : plan.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", layer.layer());
            row.put("kind", layer.kind());
            row.put("outputBefore", layer.outputBefore().toString());
            row.put("outputAfter", layer.outputAfter().map(Object::toString).getOrNull());
            row.put("paramsBefore", layer.paramsBefore());
            row.put("paramsAfter", layer.paramsAfter().getOrNull());
            row.put("flopsBefore", layer.flopsBefore());
            row.put("flopsAfter", layer.flopsAfter().getOrNull());
            row.put("note", layer.note());
            layers.add(row);
        }
        result.put("layers", layers);
        result.put("paramsBefore", plan.paramsBefore());
        result.put("paramsAfter", plan.paramsAfter().getOrNull());
        result.put("flopsBefore", plan.flopsBefore());
        result.put("flopsAfter", plan.flopsAfter().getOrNull());
        return result;
    }
}
