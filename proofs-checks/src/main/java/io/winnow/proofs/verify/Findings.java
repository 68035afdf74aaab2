package io.winnow.proofs.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Collects findings; every comparison says what it compared the recorded value with. */
final class Findings {

    /** Lists longer than this are shown by their first elements and their length. */
    private static final int SHOWN = 8;

    private final List<Finding> found = new ArrayList<>();

    void add(String path, Object recorded, String recomputed) {
        found.add(new Finding(path, show(recorded), recomputed));
    }

    /** A finding unless {@code recorded} equals {@code expected}; {@code by} names the source ("the plan says"). */
    void expect(String path, Object recorded, Object expected, String by) {
        if (!Objects.equals(recorded, expected)) {
            add(path, recorded, by + " " + show(expected));
        }
    }

    /**
     * A finding unless the two doubles are the same number: values the verifier recomputes with the
     * writer's own code and operations in the same order come out bit for bit (JSON round-trips doubles).
     */
    void exact(String path, double recorded, double expected, String by) {
        if (Double.compare(recorded, expected) != 0) {
            add(path, recorded, by + " " + show(expected));
        }
    }

    /** A finding unless |recorded - expected| <= tolerance. */
    void near(String path, double recorded, double expected, double tolerance, String by) {
        if (!(Math.abs(recorded - expected) <= tolerance)) {
            add(path, recorded, by + " " + show(expected) + " (allowed difference " + show(tolerance) + ")");
        }
    }

    List<Finding> all() {
        return List.copyOf(found);
    }

    int size() {
        return found.size();
    }

    static String show(Object value) {
        if (value instanceof Optional<?> o) {
            return o.map(Findings::show).orElse("nothing");
        }
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        if (value instanceof String s) {
            return s.length() > 120 ? s.substring(0, 117) + "..." : s;
        }
        if (value instanceof Collection<?> c) {
            List<String> shown = c.stream().limit(SHOWN).map(Findings::show).toList();
            return "[" + String.join(", ", shown) + (c.size() > SHOWN ? ", ... (" + c.size() + " in all)" : "") + "]";
        }
        return String.valueOf(value);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
