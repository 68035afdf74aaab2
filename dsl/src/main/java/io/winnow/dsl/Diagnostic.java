package io.winnow.dsl;

import io.winnow.dsl.text.Echo;
import io.winnow.dsl.text.SourcePosition;

/**
 * One error in a recipe file, at a 1-based line and column. Prints the way compilers do,
 * {@code FILE:LINE:COL: error: message}, so editors can jump to it.
 */
public record Diagnostic(String file, int line, int column, String message) implements Comparable<Diagnostic> {

    /** Echoed user text in the file name and message is made safe to print (see {@link Echo}). */
    public Diagnostic {
        file = Echo.escape(file);
        message = Echo.clean(message);
    }

    public static Diagnostic at(String file, SourcePosition position, String message) {
        return new Diagnostic(file, position.line(), position.column(), message);
    }

    public SourcePosition position() {
        return new SourcePosition(line, column);
    }

    @Override
    public int compareTo(Diagnostic other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }
}
