package io.winnow.dsl.text;

import io.winnow.dsl.Literals;

/**
 * One token of a recipe file.
 *
 * @param kind        what it is
 * @param text        a word's name; a string's value (escapes resolved); a number's digits without
 *                    underscores and suffix; a comment's text after {@code #}
 * @param position    where it starts
 * @param firstOnLine no other token precedes it on its line (tells a full-line comment from a trailing one)
 */
public record Token(Kind kind, String text, SourcePosition position, boolean firstOnLine) {

    public enum Kind {
        WORD, HEADER, INT, LONG, DOUBLE, STRING, LPAREN, RPAREN, COMMA, DOT, MINUS, COMMENT, NEWLINE, EOF
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /** How the token reads in a message: {@code ')'}, {@code word select}, {@code end of file}. */
    public String describe() {
        return switch (kind) {
            case WORD -> "word " + text;
            case HEADER -> "winnow-recipe";
            case INT, LONG, DOUBLE -> "number " + text;
            case STRING -> "string \"" + Literals.escape(text) + "\"";
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case COMMA -> "','";
            case DOT -> "'.'";
            case MINUS -> "'-'";
            case COMMENT -> "comment";
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
        };
    }
}
