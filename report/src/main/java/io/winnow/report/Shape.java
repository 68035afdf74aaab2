package io.winnow.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of the report's records, read from the records themselves: which fields an object
 * has, which are optional ({@link Optional}), and the type of each value. One description drives
 * both the strict check of a JSON tree before databinding ({@link #problems}) and the published
 * JSON Schema ({@link #schema}), so they cannot drift from the records.
 */
final class Shape {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_LISTED = 20;

    private Shape() {
    }

    /** Every place where {@code node} does not have the shape of {@code type}, each as "$.path: what". */
    static List<String> problems(JsonNode node, Type type) {
        List<String> problems = new ArrayList<>();
        check(node, type, "$", problems);
        return problems;
    }

    private static void check(JsonNode node, Type type, String path, List<String> problems) {
        if (problems.size() >= MAX_LISTED) {
            return;
        }
        if (node == null || node.isNull()) {
            problems.add(path + ": null is not allowed; expected " + describe(type));
            return;
        }
        Class<?> raw = raw(type);
        if (raw == Optional.class) {
            check(node, argument(type, 0), path, problems);
        } else if (raw == String.class) {
            expect(node.isTextual(), node, "a string", path, problems);
        } else if (raw == boolean.class || raw == Boolean.class) {
            expect(node.isBoolean(), node, "true or false", path, problems);
        } else if (raw == int.class || raw == Integer.class) {
            expect(node.isIntegralNumber() && node.canConvertToInt(), node, "an integer", path, problems);
        } else if (raw == long.class || raw == Long.class) {
            expect(node.isIntegralNumber() && node.canConvertToLong(), node, "an integer", path, problems);
        } else if (raw == double.class || raw == Double.class) {
            if (expect(node.isNumber(), node, "a number", path, problems) && !Double.isFinite(node.asDouble())) {
                problems.add(path + ": " + node.asText() + " is not a finite number");
            }
        } else if (raw == List.class) {
            if (expect(node.isArray(), node, "a list", path, problems)) {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), argument(type, 0), path + "[" + i + "]", problems);
                }
            }
        } else if (raw == Map.class) {
            if (expect(node.isObject(), node, "an object", path, problems)) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    check(e.getValue(), argument(type, 1), path + "[\"" + e.getKey() + "\"]", problems);
                }
            }
        } else if (raw.isRecord()) {
            if (expect(node.isObject(), node, "an object", path, problems)) {
                checkRecord((ObjectNode) node, raw, Set.of(), path, problems);
            }
        } else if (raw.isInterface() && raw.isSealed()) {
            if (expect(node.isObject(), node, "an object", path, problems)) {
                checkVariant((ObjectNode) node, raw, path, problems);
            }
        } else {
            throw new IllegalStateException("no report shape for " + type);
        }
    }

    private static void checkRecord(ObjectNode node, Class<?> record, Set<String> extra, String path,
                                    List<String> problems) {
        Set<String> known = new LinkedHashSet<>(extra);
        for (RecordComponent c : record.getRecordComponents()) {
            known.add(c.getName());
            JsonNode value = node.get(c.getName());
            String at = path + "." + c.getName();
            if (value == null) {
                if (raw(c.getGenericType()) != Optional.class) {
                    problems.add(at + ": missing; expected " + describe(c.getGenericType()));
                }
            } else {
                check(value, c.getGenericType(), at, problems);
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add(path + "." + name + ": unknown field; " + record.getSimpleName() + " has "
                        + String.join(", ", known));
            }
        }
    }

    private static void checkVariant(ObjectNode node, Class<?> sealed, String path, List<String> problems) {
        String property = sealed.getAnnotation(JsonTypeInfo.class).property();
        JsonNode tag = node.get(property);
        List<String> names = new ArrayList<>();
        for (JsonSubTypes.Type t : sealed.getAnnotation(JsonSubTypes.class).value()) {
            names.add(t.name());
            if (tag != null && tag.isTextual() && tag.asText().equals(t.name())) {
                checkRecord(node, t.value(), Set.of(property), path, problems);
                return;
            }
        }
        problems.add(path + "." + property + ": " + (tag == null ? "missing" : tag + " is not known")
                + "; expected one of " + String.join(", ", names));
    }

    private static boolean expect(boolean ok, JsonNode node, String what, String path, List<String> problems) {
        if (!ok) {
            problems.add(path + ": expected " + what + ", found " + kind(node));
        }
        return ok;
    }

    private static String kind(JsonNode node) {
        String text = node.isContainerNode() ? node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                : node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static String describe(Type type) {
        Class<?> raw = raw(type);
        if (raw == Optional.class) {
            return describe(argument(type, 0));
        } else if (raw == List.class) {
            return "a list";
        } else if (raw == Map.class || raw.isRecord() || raw.isInterface()) {
            return "an object";
        } else if (raw == String.class) {
            return "a string";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        } else if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        return "an integer";
    }

    /** The JSON Schema (draft 2020-12) of {@code type}: records become closed objects. */
    static ObjectNode schema(Type type) {
        Class<?> raw = raw(type);
        ObjectNode s = NODES.objectNode();
        if (raw == Optional.class) {
            return schema(argument(type, 0));
        } else if (raw == String.class) {
            s.put("type", "string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            s.put("type", "integer");
        } else if (raw == double.class || raw == Double.class) {
            s.put("type", "number");
        } else if (raw == List.class) {
            s.put("type", "array");
            s.set("items", schema(argument(type, 0)));
        } else if (raw == Map.class) {
            s.put("type", "object");
            s.set("additionalProperties", schema(argument(type, 1)));
        } else if (raw.isRecord()) {
            recordSchema(s, raw, null, null);
        } else if (raw.isInterface() && raw.isSealed()) {
            String property = raw.getAnnotation(JsonTypeInfo.class).property();
            ArrayNode oneOf = s.putArray("oneOf");
            for (JsonSubTypes.Type t : raw.getAnnotation(JsonSubTypes.class).value()) {
                recordSchema(oneOf.addObject(), t.value(), property, t.name());
            }
        } else {
            throw new IllegalStateException("no report shape for " + type);
        }
        return s;
    }

    private static void recordSchema(ObjectNode s, Class<?> record, String tagProperty, String tag) {
        s.put("type", "object");
        ObjectNode properties = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        if (tagProperty != null) {
            properties.putObject(tagProperty).put("const", tag);
            required.add(tagProperty);
        }
        for (RecordComponent c : record.getRecordComponents()) {
            properties.set(c.getName(), schema(c.getGenericType()));
            if (raw(c.getGenericType()) != Optional.class) {
                required.add(c.getName());
            }
        }
        s.put("additionalProperties", false);
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
