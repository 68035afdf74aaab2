package io.winnow.dsl.text;

import io.winnow.dsl.text.Token.Kind;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.ArrayList;

/**
 * Splits recipe text into tokens: Java's decimal literals, strings and identifiers, plus
 * {@code #} comments, line ends and the header word {@code winnow-recipe}. Lexical errors are
 * reported and skipped, so the parser always sees a well-formed token list ending in EOF.
 */
final class Lexer {

    private final String text;
    private final Diagnostics diagnostics;
    private final ArrayList<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;
    private boolean lineHasToken;

    private Lexer(String text, Diagnostics diagnostics) {
        this.text = text;
        this.diagnostics = diagnostics;
        if (text.startsWith("\uFEFF")) {
            pos = 1;
            lineStart = 1;
        }
    }

    static ArrayList<Token> tokens(String text, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(text, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                add(Kind.NEWLINE, "", here());
                pos += (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') ? 2 : 1;
                line++;
                lineStart = pos;
                lineHasToken = false;
            } else if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                comment();
            } else if (Character.isJavaIdentifierStart(c)) {
                word();
            } else if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
                number();
            } else if (c == '"') {
                string();
            } else {
                punctuation(c);
            }
        }
        add(Kind.EOF, "", here());
    }

    private SourcePosition here() {
        return new SourcePosition(line, pos - lineStart + 1);
    }

    private void add(Kind kind, String value, SourcePosition at) {
        tokens.add(new Token(kind, value, at, !lineHasToken));
        if (kind != Kind.NEWLINE) {
            lineHasToken = true;
        }
    }

    private void comment() {
        SourcePosition at = here();
        int end = pos;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        add(Kind.COMMENT, text.substring(pos + 1, end).stripTrailing(), at);
        pos = end;
    }

    private void word() {
        SourcePosition at = here();
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!name.chars().allMatch(c -> c < 0x7f) || name.length() > Echo.SHOWN) {
            name = foreignWord(name, at);
        }
        if (name.equals("winnow") && text.startsWith("-recipe", pos)
                && (pos + 7 >= text.length() || !Character.isJavaIdentifierPart(text.charAt(pos + 7)))) {
            pos += 7;
            add(Kind.HEADER, "winnow-recipe", at);
        } else {
            add(Kind.WORD, name, at);
        }
    }

    /**
     * Reports a word no recipe can hold: one with a character outside ASCII (a homoglyph such as
     * Cyrillic o, or an invisible bidi control) or longer than any recipe word. Returns the word it
     * most likely means, so the rest of the line parses; the parser's own report at the same place
     * is dropped by {@link Diagnostics}.
     */
    private String foreignWord(String name, SourcePosition at) {
        String foreign = Echo.firstNonAscii(name, at.column());
        List<String> known = Words.STEPS.appendAll(Words.BUDGETS).appendAll(Words.OPTIONS).appendAll(Words.TARGETS)
                .appendAll(Words.METADATA);
        Option<String> near = DidYouMean.nearest(name, known);
        diagnostics.error(at, "unknown word " + Echo.escape(Echo.truncate(name))
                + (foreign.isEmpty() ? ": no recipe word is that long" : ": it contains " + foreign
                + "; recipe words are ASCII")
                + near.map(w -> "; did you mean " + w + "?").getOrElse(""));
        return near.getOrElse(name);
    }

    /** Java decimal literals: 42, 42L, 1_000, 0.5, .5, 5., 1e-3, 2.5E-3, 0.5d. */
    private void number() {
        SourcePosition at = here();
        int start = pos;
        String intDigits = digits();
        boolean isDouble = false;
        StringBuilder literal = new StringBuilder(intDigits);
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            isDouble = true;
            literal.append('.').append(digits());
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            isDouble = true;
            literal.append('e');
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                literal.append(text.charAt(pos++));
            }
            String exponent = digits();
            if (exponent.isEmpty()) {
                error(at, start, "malformed number " + raw(start) + ": an exponent needs digits, e.g. 1e-3");
                return;
            }
            literal.append(exponent);
        }
        Kind kind = isDouble ? Kind.DOUBLE : Kind.INT;
        if (pos < text.length()) {
            char suffix = text.charAt(pos);
            if ((suffix == 'L' || suffix == 'l') && !isDouble) {
                pos++;
                kind = Kind.LONG;
            } else if (suffix == 'd' || suffix == 'D') {
                pos++;
                kind = Kind.DOUBLE;
            } else if (suffix == 'f' || suffix == 'F') {
                pos++;
                skipIdentifierPart();
                error(at, start, "float literal " + raw(start) + " is not accepted: a float is not the double it reads as; "
                        + "write it without f");
                return;
            }
        }
        if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            skipIdentifierPart();
            boolean radix = raw(start).length() > 1 && raw(start).charAt(0) == '0' && "xXbB".indexOf(raw(start).charAt(1)) >= 0;
            error(at, start, "malformed number " + raw(start)
                    + (radix ? ": only decimal numbers are accepted" : ": a number is followed by , or )"));
            return;
        }
        String value = literal.toString();
        String raw = raw(start);
        if (!underscoresBetweenDigits(start, pos)) {
            error(at, start, "malformed number " + raw + ": an underscore may only stand between digits");
            return;
        }
        if ((kind == Kind.INT || kind == Kind.LONG) && intDigits.length() > 1 && intDigits.charAt(0) == '0') {
            error(at, start, "number " + raw + " has a leading zero: write " + stripZeros(intDigits)
                    + " (Java would read " + raw + " as octal)");
            return;
        }
        add(kind, value, at);
    }

    private boolean underscoresBetweenDigits(int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '_') {
                int run = i;
                while (run < end && text.charAt(run) == '_') {
                    run++;
                }
                if (i == start || !isDigit(text.charAt(i - 1)) || run == end || !isDigit(text.charAt(run))) {
                    return false;
                }
                i = run;
            }
        }
        return true;
    }

    private static String stripZeros(String digits) {
        String s = digits.replaceFirst("^0+", "");
        return s.isEmpty() ? "0" : s;
    }

    private String digits() {
        StringBuilder b = new StringBuilder();
        while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            if (text.charAt(pos) != '_') {
                b.append(text.charAt(pos));
            }
            pos++;
        }
        return b.toString();
    }

    private void skipIdentifierPart() {
        while (pos < text.length() && (Character.isJavaIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
    }

    private String raw(int start) {
        String s = text.substring(start, pos);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Reports a malformed token; it still counts as a number, so the parser does not report it twice. */
    private void error(SourcePosition at, int start, String message) {
        diagnostics.error(at, message);
        add(Kind.INT, "1", at);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void string() {
        SourcePosition at = here();
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
                diagnostics.error(at, "unterminated string: close it with \" on the same line");
                break;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (Echo.isHidden(text.codePointAt(pos))) {
                diagnostics.error(here(), "the string holds the invisible character " + Echo.name(text.codePointAt(pos))
                        + ": write it as an escape (\\u" + String.format("%04X", (int) c) + ") if it is meant");
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
                pos++;
            }
        }
        add(Kind.STRING, value.toString(), at);
    }

    /** Java's escapes: \b \t \n \f \r \s \" \' \\, octal \0 to \377, and unicode backslash-u-XXXX. */
    private void escape(StringBuilder value) {
        SourcePosition at = here();
        if (pos + 1 >= text.length()) {
            pos++;
            return;
        }
        char e = text.charAt(pos + 1);
        int simple = "btnfrs\"'\\".indexOf(e);
        if (simple >= 0) {
            value.append("\b\t\n\f\r \"'\\".charAt(simple));
            pos += 2;
        } else if (e >= '0' && e <= '7') {
            int end = pos + 1;
            int max = e <= '3' ? 3 : 2;
            while (end < text.length() && end < pos + 1 + max && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                end++;
            }
            value.append((char) Integer.parseInt(text.substring(pos + 1, end), 8));
            pos = end;
        } else if (e == 'u') {
            int hex = pos + 1;
            while (hex < text.length() && text.charAt(hex) == 'u') {
                hex++;
            }
            if (hex + 4 <= text.length() && text.substring(hex, hex + 4).matches("[0-9a-fA-F]{4}")) {
                value.append((char) Integer.parseInt(text.substring(hex, hex + 4), 16));
                pos = hex + 4;
            } else {
                diagnostics.error(at, "invalid unicode escape: write \\u and four hex digits, e.g. \\u00e9");
                pos = hex;
            }
        } else if (e == '\n' || e == '\r') {
            pos++;
        } else {
            diagnostics.error(at, "invalid escape \\" + e + " in a string: the escapes are \\\" \\\\ \\n \\t \\r \\b \\f \\s "
                    + "\\uXXXX and octal \\0 to \\377");
            pos += 2;
        }
    }

    private void punctuation(char c) {
        SourcePosition at = here();
        Kind kind = switch (c) {
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case ',' -> Kind.COMMA;
            case '.' -> Kind.DOT;
            case '-' -> Kind.MINUS;
            default -> null;
        };
        if (kind != null) {
            add(kind, String.valueOf(c), at);
            pos++;
            return;
        }
        int cp = text.codePointAt(pos);
        String shown = Echo.isHidden(cp) || Character.isWhitespace(cp) ? Echo.name(cp)
                : cp > 0x7e ? "'" + new String(Character.toChars(cp)) + "' (" + Echo.name(cp) + ")"
                : "'" + new String(Character.toChars(cp)) + "'";
        String hint = switch (c) {
            case '/' -> text.startsWith("//", pos) ? ": comments start with #" : "";
            case ';' -> ": a recipe is one expression, with no ;";
            case '\'' -> ": strings are written in double quotes";
            case '+' -> ": write numbers without +";
            default -> Echo.isHidden(cp) ? ": invisible and bidirectional control characters may stand only in comments" : "";
        };
        diagnostics.error(at, "unexpected character " + shown + hint);
        if (c == '/' && text.startsWith("//", pos)) {
            comment();
            return;
        }
        pos += Character.charCount(cp);
    }
}
