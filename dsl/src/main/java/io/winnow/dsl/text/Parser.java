package io.winnow.dsl.text;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import io.winnow.dsl.text.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;

/**
 * Recursive descent over the tokens: the header and metadata lines, then one chain
 * {@code word(args).word(args)...}. After a syntax error it reports, skips to the next
 * {@code .step(} and goes on, so one run finds every error. Comments are routed as it goes:
 * before the chain to the header, between steps to the next step, after a step on its line
 * (or inside its parentheses) to that step, after the last step to the footer.
 */
final class Parser {

    /** Calls nested deeper than this (e.g. {@code select(ratio(...))} is 2) are rejected. */
    static final int MAX_NESTING = 32;

    private final ArrayList<Token> tokens;
    private final Diagnostics diagnostics;
    private int i;

    private Option<String> name = Option.none();
    private Option<String> description = Option.none();
    private final ArrayList<String> header = new ArrayList<>();
    private Map<Integer, List<String>> leading = HashMap.empty();
    private Map<Integer, String> trailing = HashMap.empty();
    private final ArrayList<String> pending = new ArrayList<>();
    private List<String> footer = List.empty();
    private final ArrayList<Syntax.Call> calls = new ArrayList<>();
    private int openCall = -1;
    private int lastCall = -1;
    private int parenDepth;
    private boolean intact = true;
    private int version = Versions.CURRENT;

    /** The syntax of one file. {@code intact} is false when error recovery skipped text that may have held steps. */
    record Parsed(int version, Option<String> name, Option<String> description, List<Syntax.Call> calls,
                  SourcePosition chainStart, boolean intact, Comments comments) {
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private Parser(ArrayList<Token> tokens, Diagnostics diagnostics) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    static Parsed parse(String text, Diagnostics diagnostics) {
        Parser parser = new Parser(Lexer.tokens(text, diagnostics), diagnostics);
        parser.intact = diagnostics.size() == 0;
        return parser.file();
    }

    private Parsed file() {
        headerLines();
        SourcePosition chainStart = peek().position();
        chain();
        pending.forEach(this::footerOf);
        return new Parsed(version, name, description, List.ofAll(calls), chainStart, intact,
                new Comments(List.ofAll(header), leading, trailing, footer));
    }

    private void footerOf(String comment) {
        footer = footer.append(comment);
    }

    // ---- header and metadata ------------------------------------------------------------------

    private void headerLines() {
        boolean sawHeader = false;
        SourcePosition firstLine = null;
        java.util.Map<String, Integer> metadataLines = new java.util.HashMap<>();
        while (!diagnostics.isFull()) {
            Token t = tokens.get(i);
            if (t.is(Kind.NEWLINE)) {
                i++;
            } else if (t.is(Kind.COMMENT)) {
                header.add(t.text());
                i++;
            } else if (t.is(Kind.HEADER)) {
                i++;
                if (sawHeader) {
                    diagnostics.error(t.position(), "duplicate header winnow-recipe: give it once, on the first line");
                } else if (firstLine != null) {
                    diagnostics.error(t.position(), "the header winnow-recipe " + Versions.CURRENT
                            + " must be the first line, before name and description");
                }
                sawHeader = true;
                version(t);
                endOfLine("the header");
            } else if (t.is(Kind.WORD) && tokens.get(i + 1).is(Kind.STRING)) {
                firstLine = firstLine == null ? t.position() : firstLine;
                metadata(t, tokens.get(i + 1), metadataLines);
                i += 2;
                endOfLine(t.text() + " \"...\"");
            } else if (t.is(Kind.WORD) && Words.METADATA.contains(t.text()) && !tokens.get(i + 1).is(Kind.LPAREN)) {
                firstLine = firstLine == null ? t.position() : firstLine;
                diagnostics.error(tokens.get(i + 1).position(), t.text() + " takes a string in double quotes, e.g. "
                        + t.text() + " \"half-cnn\"");
                skipLine();
            } else {
                break;
            }
        }
        if (!sawHeader) {
            Token first = tokens.get(i);
            diagnostics.error(firstLine != null ? firstLine : first.position(), "missing header: a recipe file starts "
                    + "with the line winnow-recipe " + Versions.CURRENT);
        }
    }

    private void version(Token headerToken) {
        Token v = tokens.get(i);
        if (v.is(Kind.INT) || v.is(Kind.LONG) || v.is(Kind.DOUBLE)) {
            i++;
            java.util.OptionalInt read = v.is(Kind.INT) ? Versions.of(v.text()) : java.util.OptionalInt.empty();
            if (read.isPresent()) {
                version = read.getAsInt();
            } else {
                diagnostics.error(v.position(), "unsupported recipe version " + v.text() + ": this Winnow reads "
                        + Versions.known() + " (write winnow-recipe " + Versions.CURRENT + " for a new recipe)");
            }
        } else {
            diagnostics.error(v.is(Kind.NEWLINE) || v.is(Kind.EOF) || v.is(Kind.COMMENT) ? headerToken.position() : v.position(),
                    "expected the version after winnow-recipe: write winnow-recipe " + Versions.CURRENT);
        }
    }

    private void metadata(Token key, Token value, java.util.Map<String, Integer> seen) {
        if (!Words.METADATA.contains(key.text())) {
            diagnostics.error(key.position(), "unknown metadata " + key.text()
                    + DidYouMean.nearest(key.text(), Words.METADATA).map(s -> ": did you mean " + s + "?")
                    .getOrElse(": a recipe file may give name \"...\" and description \"...\""));
            return;
        }
        Integer before = seen.putIfAbsent(key.text(), key.position().line());
        if (before != null) {
            diagnostics.error(key.position(), "duplicate " + key.text() + ": it is already given on line " + before);
        } else if (key.text().equals("name")) {
            name = Option.of(value.text());
        } else {
            description = Option.of(value.text());
        }
    }

    private void endOfLine(String what) {
        Token t = tokens.get(i);
        if (!(t.is(Kind.NEWLINE) || t.is(Kind.EOF) || t.is(Kind.COMMENT))) {
            diagnostics.error(t.position(), "expected the end of the line after " + what + ", found " + t.describe());
            skipLine();
        }
    }

    private void skipLine() {
        while (!tokens.get(i).is(Kind.NEWLINE) && !tokens.get(i).is(Kind.EOF)) {
            i++;
        }
    }

    // ---- the chain --------------------------------------------------------------------------

    private void chain() {
        if (peek().is(Kind.EOF)) {
            return;
        }
        while (!diagnostics.isFull()) {
            int before = i;
            topLevelCall();
            Token t = peek();
            if (t.is(Kind.EOF)) {
                return;
            }
            if (t.is(Kind.DOT)) {
                next();
                if (peek().is(Kind.EOF)) {
                    diagnostics.error(peek().position(), "expected a step after '.', found the end of the file");
                    return;
                }
            } else if (t.is(Kind.WORD) && tokens.get(i + 1).is(Kind.LPAREN)) {
                diagnostics.error(t.position(), "expected '.' before " + t.text());
            } else if (t.is(Kind.WORD) && Words.METADATA.contains(t.text()) && tokens.get(i + 1).is(Kind.STRING)) {
                diagnostics.error(t.position(), t.text() + " \"...\" must come before the recipe chain, after the header");
                i += 2;
                if (peek().is(Kind.EOF)) {
                    return;
                }
                if (peek().is(Kind.DOT)) {
                    next();
                }
            } else {
                diagnostics.error(t.position(), "expected '.' and a step, or the end of the recipe, found " + t.describe());
                recover();
                if (peek().is(Kind.EOF)) {
                    return;
                }
                next();
            }
            if (i == before) {
                i++;
            }
        }
    }

    private void topLevelCall() {
        Token w = peek();
        if (!w.is(Kind.WORD)) {
            diagnostics.error(w.position(), "expected a step such as localImitation() or select(64), found " + w.describe());
            recover();
            return;
        }
        int index = calls.size();
        if (!pending.isEmpty()) {
            leading = leading.put(index, List.ofAll(pending));
            pending.clear();
        }
        openCall = index;
        parenDepth = 0;
        try {
            calls.add(call(1));
        } catch (SyntaxError e) {
            calls.add(new Syntax.Call(w.text(), List.empty(), w.position(), w.position(), false));
            openCall = -1;
            recover();
        }
        openCall = -1;
        lastCall = index;
    }

    private Syntax.Call call(int depth) {
        Token w = next();
        if (depth > MAX_NESTING) {
            throw fail(w, "nesting deeper than " + MAX_NESTING + " calls");
        }
        Token open = peek();
        if (!open.is(Kind.LPAREN) && depth > 1) {
            boolean known = Words.TARGETS.contains(w.text()) || Words.BUDGETS.contains(w.text())
                    || Words.OPTIONS.contains(w.text());
            throw fail(known ? open : w, known
                    ? "expected '(' after " + w.text() + ": write " + w.text() + (Words.TARGETS.contains(w.text()) ? "()" : "(...)")
                    : "expected an argument (a number, a \"string\" or a word such as ratio(0.5)), found " + w.describe());
        }
        if (!open.is(Kind.LPAREN)) {
            throw fail(open, "expected '(' after " + w.text() + ", found " + open.describe() + ": write " + w.text() + "(...)");
        }
        next();
        parenDepth++;
        List<Syntax> args = List.empty();
        Token close;
        if (peek().is(Kind.RPAREN)) {
            close = next();
        } else {
            while (true) {
                args = args.append(argument(depth));
                Token separator = peek();
                if (separator.is(Kind.COMMA)) {
                    next();
                } else if (separator.is(Kind.RPAREN)) {
                    close = next();
                    break;
                } else {
                    throw fail(separator, "expected ',' or ')' after an argument of " + w.text() + "(...), found "
                            + separator.describe());
                }
            }
        }
        parenDepth--;
        return new Syntax.Call(w.text(), args, w.position(), close.position(), true);
    }

    private Syntax argument(int depth) {
        Token a = peek();
        switch (a.kind()) {
            case MINUS -> {
                next();
                Token n = peek();
                if (!(n.is(Kind.INT) || n.is(Kind.LONG) || n.is(Kind.DOUBLE))) {
                    throw fail(n, "expected a number after '-', found " + n.describe());
                }
                next();
                return number(n, true, a.position());
            }
            case INT, LONG, DOUBLE -> {
                next();
                return number(a, false, a.position());
            }
            case STRING -> {
                next();
                return new Syntax.Text(a.text(), a.position());
            }
            case WORD -> {
                if ((a.text().equals("true") || a.text().equals("false")) && !tokens.get(i + 1).is(Kind.LPAREN)) {
                    next();
                    return new Syntax.Bool(a.text().equals("true"), a.position());
                }
                return call(depth + 1);
            }
            default -> throw fail(a, "expected an argument (a number, a \"string\" or a word such as ratio(0.5)), found "
                    + a.describe());
        }
    }

    /** A literal with its sign, checked against Java's ranges: an int literal must fit an int, and so on. */
    private Syntax.Number number(Token n, boolean negative, SourcePosition at) {
        String sign = negative ? "-" : "";
        String shown = sign + abbreviate(n.text()) + (n.is(Kind.LONG) ? "L" : "");
        if (n.is(Kind.DOUBLE)) {
            double value = Double.parseDouble(n.text());
            if (Double.isInfinite(value)) {
                return bad(at, "number " + shown + " is too large for a double");
            }
            if (value == 0 && mantissaHasNonZeroDigit(n.text())) {
                return bad(at, "number " + shown + " is too small for a double: it would round to 0");
            }
            return new Syntax.Number(Kind.DOUBLE, 0, negative ? -value : value, sign + n.text(), at);
        }
        BigInteger value = n.text().length() > 25 ? null : new BigInteger(sign + n.text());
        if (n.is(Kind.INT)) {
            if (value == null || value.bitLength() > 31 && !value.equals(BigInteger.valueOf(Integer.MIN_VALUE))) {
                return bad(at, "integer " + shown + " does not fit an int (-2147483648 to 2147483647)"
                        + (value != null && value.bitLength() <= 63 ? ": for a long seed write " + shown + "L" : ""));
            }
        } else if (value == null || value.bitLength() > 63) {
            return bad(at, "integer " + shown + " does not fit a long (-9223372036854775808L to 9223372036854775807L)");
        }
        return new Syntax.Number(n.kind(), value.longValueExact(), 0, sign + n.text(), at);
    }

    private Syntax.Number bad(SourcePosition at, String message) {
        diagnostics.error(at, message);
        return new Syntax.Number(Kind.INT, 1, 0, "1", at);
    }

    private static boolean mantissaHasNonZeroDigit(String literal) {
        for (int k = 0; k < literal.length(); k++) {
            char c = literal.charAt(k);
            if (c == 'e') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private SyntaxError fail(Token at, String message) {
        diagnostics.error(at.position(), message);
        return new SyntaxError();
    }

    /** Skips to the next '.' that starts a step (or ends the current call's nesting), or to the end. */
    private void recover() {
        int depth = parenDepth;
        while (true) {
            Token t = peek();
            if (t.is(Kind.EOF)) {
                return;
            }
            if (t.is(Kind.DOT)) {
                Token after = peekAfter();
                if (depth <= 0 || after.is(Kind.WORD) && Words.STEPS.contains(after.text())) {
                    return;
                }
            } else if (t.is(Kind.LPAREN)) {
                depth++;
            } else if (t.is(Kind.RPAREN)) {
                depth = Math.max(0, depth - 1);
            } else if (t.is(Kind.WORD) && tokens.get(i + 1).is(Kind.LPAREN)) {
                intact = false;
            }
            next();
        }
    }

    // ---- tokens -----------------------------------------------------------------------------

    /** The next token that is neither a line end nor a comment, routing the comments passed on the way. */
    private Token peek() {
        while (true) {
            Token t = tokens.get(i);
            if (t.is(Kind.NEWLINE)) {
                i++;
            } else if (t.is(Kind.COMMENT)) {
                route(t);
                i++;
            } else {
                return t;
            }
        }
    }

    private Token peekAfter() {
        int k = i + 1;
        while (tokens.get(k).is(Kind.NEWLINE) || tokens.get(k).is(Kind.COMMENT)) {
            k++;
        }
        return tokens.get(k);
    }

    private Token next() {
        Token t = peek();
        if (!t.is(Kind.EOF)) {
            i++;
        }
        return t;
    }

    private void route(Token comment) {
        if (openCall >= 0) {
            attachTrailing(openCall, comment.text());
        } else if (!comment.firstOnLine() && lastCall >= 0) {
            attachTrailing(lastCall, comment.text());
        } else {
            pending.add(comment.text());
        }
    }

    private void attachTrailing(int call, String text) {
        trailing = trailing.put(call, trailing.get(call).map(t -> t + " #" + text).getOrElse(text));
    }
}
