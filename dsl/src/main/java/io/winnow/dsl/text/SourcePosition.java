package io.winnow.dsl.text;

/** A place in a recipe file: 1-based line, and 1-based column counted in UTF-16 characters (a tab is one). */
public record SourcePosition(int line, int column) {

    public static final SourcePosition START = new SourcePosition(1, 1);

    public SourcePosition {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
