package io.winnow.proofs.deep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The Theorem 4 section of a pruning report.json (docs/theory.md section 4): the constants K_l,
 * the tightness, and per sample ||F^(x) - F(x)|| and its bound, so {@code winnow verify} can
 * re-check the inequality from the record alone.
 */
public final class Theorem4Report {

    /** Violations listed in full in the report; the count is always exact. */
    static final int LISTED = 20;

    private Theorem4Report() {
    }

    public static void attach(ObjectNode report, Theorem4Result result, String what) {
        ObjectNode node = report.putObject("theorem4");
        node.put("network", what);
        node.put("samples", result.samples());
        node.put("holds", result.holds());
        node.put("relativeSlack", Theorem4Check.RELATIVE_SLACK);
        node.put("meanDiscrepancy", result.meanDiscrepancy());
        node.put("meanBound", result.meanBound());
        ArrayNode blocks = node.putArray("blocks");
        double[] local = result.meanLocalErrors();
        for (int l = 0; l < result.constants().size(); l++) {
            BlockLipschitz k = result.constants().get(l);
            ObjectNode b = blocks.addObject();
            b.put("layers", String.join(",", k.block().layers()));
            b.put("lipschitz", k.bound());
            b.put("converged", k.converged());
            b.put("meanLocalError", local[l]);
        }
        Theorem4Result.Tightness t = result.tightness();
        ObjectNode tightness = node.putObject("tightness");
        tightness.put("min", t.min());
        tightness.put("median", t.median());
        tightness.put("max", t.max());
        ArrayNode histogram = tightness.putArray("histogram");
        for (int c : t.histogram()) {
            histogram.add(c);
        }
        node.put("violations", result.violations().size());
        ArrayNode listed = node.putArray("listedViolations");
        result.violations().take(LISTED).forEach(v -> listed.addObject()
                .put("sample", v.sample()).put("lhs", v.lhs()).put("rhs", v.rhs()).put("slack", v.slack()));
        ArrayNode lhs = node.putArray("lhs");
        ArrayNode rhs = node.putArray("rhs");
        ArrayNode slack = node.putArray("slack");
        for (int s = 0; s < result.samples(); s++) {
            lhs.add(result.lhs()[s]);
            rhs.add(result.rhs()[s]);
            slack.add(result.slack()[s]);
        }
    }

    /** Re-checks the recorded samples: lhs <= rhs + slack, with each sample's recorded slack. */
    public static List<String> recheck(JsonNode report) {
        JsonNode node = report.get("theorem4");
        List<String> problems = new ArrayList<>();
        if (node == null) {
            return problems;
        }
        JsonNode lhs = node.path("lhs");
        JsonNode rhs = node.path("rhs");
        JsonNode slack = node.path("slack");
        if (!lhs.isArray() || !rhs.isArray() || !slack.isArray() || lhs.size() != rhs.size()
                || slack.size() != lhs.size()) {
            problems.add("theorem4: the lhs, rhs and slack lists are missing or of different lengths");
            return problems;
        }
        int recordedViolations = node.path("violations").asInt();
        int found = 0;
        for (int s = 0; s < lhs.size(); s++) {
            double l = lhs.get(s).asDouble();
            double r = rhs.get(s).asDouble();
            if (!(l <= r + slack.get(s).asDouble())) {
                found++;
                if (found <= LISTED) {
                    problems.add("theorem4: sample " + s + ": ||F^(x) - F(x)|| = " + l + " > bound " + r);
                }
            }
        }
        if (found > recordedViolations) {
            problems.add("theorem4: " + found + " sample(s) exceed the bound, the report records "
                    + recordedViolations);
        } else if (recordedViolations > 0) {
            problems.add("theorem4: the report records " + recordedViolations + " violated sample(s)");
        }
        return problems;
    }
}
