package io.winnow.dsl.text;

import java.util.Locale;

/**
 * User text as it may appear in a message: characters a terminal would act on or hide (controls,
 * bidirectional overrides, zero-width marks) written as backslash-u escapes, and runaway input cut short,
 * so that a message reads the same on every terminal and never reorders or floods the line.
 */
public final class Echo {

    /** Echoed runs without blanks are cut to this many code points. */
    public static final int SHOWN = 40;
    /** Runs without blanks longer than this are cut; shorter ones (paths, lists) are shown whole. */
    static final int LONGEST_WHOLE = 80;

    private Echo() {
    }

    /**
     * Invisible or layout-changing characters: C0/C1 controls other than tab, the format characters
     * (bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, marks U+200E/U+200F,
     * zero-width joiners, the byte order mark) and the line and paragraph separators.
     */
    public static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return (type == Character.CONTROL && cp != '\t') || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    /** "U+202E RIGHT-TO-LEFT OVERRIDE". */
    public static String name(int cp) {
        String name = Character.getName(cp);
        return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
    }

    /** The text with every hidden character written as a Java escape, backslash-u-202E for U+202E. */
    public static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                b.append("\\t");
            } else if (isHidden(cp)) {
                for (char c : Character.toChars(cp)) {
                    b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                }
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** The first {@value #SHOWN} code points and the length, when the text is longer. */
    public static String truncate(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= SHOWN) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, SHOWN)) + "\u2026(" + length + " characters)";
    }

    /**
     * A message safe to print: hidden characters escaped, and every run without blanks longer than
     * {@value #LONGEST_WHOLE} code points (an echoed identifier, number or string) truncated.
     */
    public static String clean(String message) {
        StringBuilder b = new StringBuilder(message.length());
        int i = 0;
        while (i < message.length()) {
            int end = i;
            while (end < message.length() && message.charAt(end) != ' ') {
                end++;
            }
            String run = message.substring(i, end);
            b.append(run.codePointCount(0, run.length()) > LONGEST_WHOLE ? truncate(run) : run);
            if (end < message.length()) {
                b.append(' ');
            }
            i = end + 1;
        }
        return escape(b.toString());
    }

    /** The first character of {@code word} outside ASCII, as "U+043E CYRILLIC SMALL LETTER O at column 7", or empty. */
    static String firstNonAscii(String word, int column) {
        for (int i = 0; i < word.length(); i += Character.charCount(word.codePointAt(i))) {
            int cp = word.codePointAt(i);
            if (cp > 0x7e || isHidden(cp)) {
                return name(cp) + " at column " + (column + i);
            }
        }
        return "";
    }
}
