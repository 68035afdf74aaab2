package io.winnow.dsl.text;

import io.vavr.collection.List;

/** What the parser reads: calls with literal arguments, before any word is looked up. */
sealed interface Syntax {

    SourcePosition position();

    /**
     * {@code word(args...)}.
     *
     * @param complete false when a syntax error cut the call short (its word is still known)
     * @param close    where its {@code )} is, or would have been
     */
    record Call(String word, List<Syntax> args, SourcePosition position, SourcePosition close, boolean complete)
            implements Syntax {
    }

    /** A number literal, sign included; {@code integer} for int and long literals, else a double. */
    record Number(Token.Kind kind, long integer, double real, String text, SourcePosition position) implements Syntax {

        boolean isIntegral() {
            return kind != Token.Kind.DOUBLE;
        }

        double asDouble() {
            return isIntegral() ? (double) integer : real;
        }
    }

    record Text(String value, SourcePosition position) implements Syntax {
    }

    /** {@code true} or {@code false}, written as in Java. */
    record Bool(boolean value, SourcePosition position) implements Syntax {
    }
}
