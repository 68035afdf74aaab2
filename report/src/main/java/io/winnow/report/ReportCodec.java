package io.winnow.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one reader and writer of report.json. Reading is strict: the text must be JSON with
 * {@code "format": "winnow-report/3"}, and every object must have exactly its record's fields,
 * none null, each of the right type, every number finite; the first problems are reported with
 * their JSON paths ("$.layers[2].selection.steps[5].gamma: missing"). Writing checks the same, so
 * a report that could not be read back is never written.
 */
public final class ReportCodec {

    /** Reports larger than this are refused before reading; a real one is a few megabytes. */
    public static final long MAX_BYTES = 256L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, MAX_BYTES)).build());
    }

    private ReportCodec() {
    }

    /** The report's JSON text, with a final newline. */
    public static String write(PruneReport report) {
        ObjectNode tree = JSON.valueToTree(report);
        List<String> problems = Shape.problems(tree, PruneReport.class);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the report cannot be written: " + String.join("; ", problems));
        }
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    /** Reads report.json text; {@code source} names it in messages. */
    public static PruneReport read(String text, String source) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ReportFormatException(source + ": not JSON: " + e.getOriginalMessage() + location(e));
        }
        return fromTree(tree, source);
    }

    /** Reads a report.json file, refusing anything but a regular file of at most {@link #MAX_BYTES}. */
    public static PruneReport read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ReportFormatException(file + (Files.exists(file) ? ": not a regular file" : ": no such file"));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ReportFormatException(file + ": " + size + " bytes; a report.json is at most "
                        + (MAX_BYTES >> 20) + " MiB");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new ReportFormatException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            return read(new String(bytes, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new ReportFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new ReportFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The JSON Schema of report.json, as published in docs/report.schema.json. */
    public static String schema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "Winnow pruning report (" + PruneReport.FORMAT + ")");
        schema.setAll(Shape.schema(PruneReport.class));
        ((ObjectNode) schema.get("properties")).putObject("format").put("const", PruneReport.FORMAT);
        try {
            return JSON.writeValueAsString(schema) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the schema", e);
        }
    }

    private static PruneReport fromTree(JsonNode tree, String source) {
        if (!tree.isObject()) {
            throw new ReportFormatException(source + ": not a Winnow pruning report: the JSON is not an object");
        }
        JsonNode format = tree.get("format");
        if (format == null || !format.isTextual() || !format.asText().startsWith("winnow-report/")) {
            throw new ReportFormatException(source + ": not a Winnow pruning report (expected \"format\": \""
                    + PruneReport.FORMAT + "\")");
        }
        if (!format.asText().equals(PruneReport.FORMAT)) {
            throw new ReportFormatException(source + ": $.format: " + format + " is another version of the report; "
                    + "this Winnow reads " + PruneReport.FORMAT);
        }
        List<String> problems = Shape.problems(tree, PruneReport.class);
        if (!problems.isEmpty()) {
            throw new ReportFormatException(source + ": " + String.join("; ", problems));
        }
        try {
            return JSON.treeToValue(tree, PruneReport.class);
        } catch (JacksonException e) {
            throw new ReportFormatException(source + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
