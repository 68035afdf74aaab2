package io.winnow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.report.FileDigests;
import io.winnow.report.ReportCodec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real, good winnow-report/3 from a real {@code winnow prune} run, for verify's tests.
 *
 * <p>Until the writer is switched to the report records (branch report-wiring), prune writes
 * winnow-report/1; this fixture lifts that run's report to /2 by adding what /1 lacks: the original
 * model's architecture text and file digests, the pruned model's digests, and Theorem 4's ||F(x)||
 * (recovered from each recorded slack, slack = relativeSlack * rhs + logitSlack * ||F(x)||, and the
 * slack then rewritten from it so the two agree bit for bit). Every selection record, certificate,
 * Theorem 4 verdict, size and accuracy is the run's own.
 */
final class GoodReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoodReports() {
    }

    /** Prunes {@code model} with {@code recipe} into {@code out} and leaves a /2 report.json there. */
    static Path prune(Path recipe, Path model, Path out) throws IOException {
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "prune",
                recipe.toString(), "--model", model.toString(), "--data", "embedded", "--out", out.toString());
        assertThat(exit).as(err.toString()).isZero();
        return lift(model, out);
    }

    /** Lifts the winnow-report/1 that prune wrote into {@code out} from {@code model} to /2, in place. */
    static Path lift(Path model, Path out) throws IOException {
        Path file = out.resolve("report.json");
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(file));
        if (!report.path("format").asText().equals("winnow-report/1")) {
            return out; // the writer already writes /2
        }
        report.put("format", "winnow-report/3");
        ObjectNode source = JSON.createObjectNode();
        source.put("source", report.path("model").asText());
        source.put("architecture", Files.readString(model.resolve("assets/architecture.json"), StandardCharsets.UTF_8));
        ObjectNode files = source.putObject("files");
        FileDigests.of(model, name -> true).forEach(files::put);
        report.set("model", source);
        liftTheorem4((ObjectNode) report.get("theorem4"));
        // Global imitation records no r_k, D_k (NaN in /1, which /2 cannot hold); verify never reads them there.
        for (JsonNode layer : report.get("layers")) {
            for (JsonNode step : layer.path("selection").path("steps")) {
                for (String field : new String[] {"margin", "diameter"}) {
                    if (!step.get(field).isNumber()) {
                        ((ObjectNode) step).put(field, 0.0);
                    }
                }
            }
        }
        ObjectNode digests = report.putObject("digests");
        ObjectNode pruned = digests.putObject("prunedModel");
        FileDigests.of(out, name -> !name.startsWith("report")).forEach(pruned::put);
        digests.put("selectedWeights", FileDigests.of(new byte[0]));
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        Files.writeString(file, ReportCodec.write(ReportCodec.read(text, file.toString())));
        return out;
    }

    private static void liftTheorem4(ObjectNode t) {
        double relative = t.get("relativeSlack").asDouble();
        t.put("logitSlack", Theorem4Check.LOGIT_SLACK);
        ArrayNode norms = t.putArray("logitNorms");
        ArrayNode slack = (ArrayNode) t.get("slack");
        JsonNode rhs = t.get("rhs");
        for (int s = 0; s < slack.size(); s++) {
            double norm = Math.max(0, (slack.get(s).asDouble() - relative * rhs.get(s).asDouble())
                    / Theorem4Check.LOGIT_SLACK);
            norms.add(norm);
            slack.set(s, relative * rhs.get(s).asDouble() + Theorem4Check.LOGIT_SLACK * norm);
        }
        // Reorder so the fields follow the record (the codec does not care; people reading the file do).
        ObjectNode copy = t.deepCopy();
        t.removeAll();
        for (String field : new String[] {"network", "samples", "holds", "relativeSlack", "logitSlack",
                "meanDiscrepancy", "meanBound", "blocks", "tightness", "violations", "listedViolations", "lhs", "rhs",
                "logitNorms", "slack"}) {
            t.set(field, copy.get(field));
        }
    }
}
