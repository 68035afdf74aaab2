package io.winnow.dsl;

/**
 * Numbers and strings as a recipe writes them, in Java's own literal syntax, so that each
 * reads back to the same value: the text of a step is a Java expression.
 */
public final class Literals {

    private Literals() {
    }

    /** The canonical text of a double: Java's shortest exact form with a lower-case exponent, so it parses back exactly. */
    public static String number(double x) {
        return Double.toString(x).replace('E', 'e');
    }

    /** An int in decimal; a long outside the int range with L, as Java requires. */
    public static String integer(long n) {
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? Long.toString(n) : n + "L";
    }

    /** A string in double quotes, escaped, e.g. an argument of {@code layers(...)}. */
    public static String string(String value) {
        return "\"" + escape(value) + "\"";
    }

    /** Java string escapes for quotes, backslashes and control characters; other characters stay as they are. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean lone = Character.isHighSurrogate(c) ? k + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(k + 1))
                            : Character.isLowSurrogate(c) && (k == 0 || !Character.isHighSurrogate(s.charAt(k - 1)));
                    if (Character.isISOControl(c) || lone || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || c == '\u0085') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
