package io.winnow.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.engine.select.SelectionStep;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The bound certificate of a pruning run, computed from the step record in its report.json
 * alone (method.md section 3; docs/theory.md section 3.5): for every layer selected by
 * optimizeGamma, the a-posteriori bound L_0 prod_k (1 - r_k^2/D_k^2) after each step and the
 * Lemma 3 check along the path. Because it needs nothing but the record, {@code winnow verify}
 * re-checks a report received from elsewhere with exactly the code {@code winnow prune} ran.
 */
public final class RunCertificates {

    private RunCertificates() {
    }

    /** The certificates of a report's layers and every violation found, with layer, step and values. */
    public record Outcome(List<Certificate> certificates, List<Violation> violations, int uncertifiedLayers) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    /** Computes the certificates and writes them into each layer's {@code certificate} node. */
    public static Outcome attach(ObjectNode report) {
        Outcome outcome = check(report);
        int i = 0;
        for (JsonNode layer : report.withArray("layers")) {
            JsonNode selection = layer.get("selection");
            if (!certifiable(layer)) {
                ((ObjectNode) layer).putObject("certificate").put("applies", false)
                        .put("why", selection == null ? "a baseline has no greedy path to certify"
                                : isGlobal(layer) ? "global imitation has no r_k, D_k: Lemma 3 is about local imitation"
                                : !"optimizeGamma".equals(selection.path("rule").asText())
                                ? "Lemma 3 and the certificate are statements about optimizeGamma"
                                : "the certificate needs y* in the hull of the N phi_i; target(originalActivations()) "
                                + "takes y* from the original network");
                continue;
            }
            Certificate c = outcome.certificates().get(i++);
            ObjectNode node = ((ObjectNode) layer).putObject("certificate");
            node.put("applies", true);
            node.put("holds", c.holds());
            node.put("initialLoss", c.initialLoss());
            node.put("finalLoss", selection.path("finalLoss").asDouble());
            node.put("finalBound", c.finalBound());
            ArrayNode bounds = node.putArray("bounds");
            ArrayNode lemma3 = node.putArray("lemma3");
            for (Certificate.Entry e : c.entries()) {
                bounds.add(e.bound());
                lemma3.add(e.lemma3().name());
            }
            ArrayNode violations = node.putArray("violations");
            c.violations().forEach(v -> violations.add(v.toString()));
        }
        return outcome;
    }

    /** Re-checks a report: the certificates computed from its step records. */
    public static Outcome check(JsonNode report) {
        List<Certificate> certificates = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        int uncertified = 0;
        JsonNode layers = report.path("layers");
        if (!layers.isArray()) {
            throw new IllegalArgumentException("not a Winnow pruning report: it has no \"layers\" list");
        }
        for (JsonNode layer : layers) {
            JsonNode selection = layer.get("selection");
            if (!certifiable(layer)) {
                uncertified++;
                continue;
            }
            String name = String.join("+", texts(layer.path("layers")));
            List<SelectionStep> steps = new ArrayList<>();
            for (JsonNode s : selection.path("steps")) {
                steps.add(new SelectionStep(s.path("k").asInt(), s.path("neuron").asInt(), number(s, "gamma"),
                        number(s, "lossBefore"), number(s, "lossAfter"), number(s, "margin"), number(s, "diameter"),
                        s.path("away").asBoolean(), s.path("support").asInt(), s.path("polish").asBoolean(),
                        s.path("partner").asInt(-1)));
            }
            Certificate c = Certificate.of(name, number(selection, "initialLoss"), steps, number(selection, "finalLoss"),
                    number(selection, "lossScale"),
                    selection.path("dimension").asLong(), OptionalDouble.empty());
            certificates.add(c);
            violations.addAll(c.violations());
        }
        return new Outcome(certificates, violations, uncertified);
    }

    /**
     * Layers whose selection is optimizeGamma on local imitation against the default target
     * (y* = sum_i phi_i, the barycentre the lemmas need): the only ones Lemma 3 speaks about.
     */
    private static boolean certifiable(JsonNode layer) {
        JsonNode selection = layer.get("selection");
        return selection != null && "optimizeGamma".equals(selection.path("rule").asText()) && !isGlobal(layer)
                && !"originalActivations".equals(selection.path("target").asText());
    }

    /** Reports before global imitation carry no "imitation" field: their greedy layers are local. */
    private static boolean isGlobal(JsonNode layer) {
        return "global".equals(layer.path("imitation").asText());
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("the report's field \"" + field + "\" is missing or not a number");
        }
        return v.asDouble();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
