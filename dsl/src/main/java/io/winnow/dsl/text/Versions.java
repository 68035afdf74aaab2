package io.winnow.dsl.text;

import io.winnow.dsl.Recipe;

/**
 * The recipe file format versions this Winnow reads: {@code winnow-recipe 1} to {@code winnow-recipe 3}.
 * A file is printed in the version it was read in, so that its text and hash stay as they were.
 */
final class Versions {

    static final int CURRENT = Recipe.CURRENT_VERSION;

    private Versions() {
    }

    /** The version an int literal of the header names, when this Winnow reads it ("2" is 2; "02", "4" are none). */
    static java.util.OptionalInt of(String literal) {
        for (int v = 1; v <= CURRENT; v++) {
            if (literal.equals(Integer.toString(v))) {
                return java.util.OptionalInt.of(v);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** "versions 1, 2 and 3", as the error messages say it. */
    static String known() {
        StringBuilder out = new StringBuilder(CURRENT == 1 ? "version 1" : "versions 1");
        for (int v = 2; v <= CURRENT; v++) {
            out.append(v == CURRENT ? " and " : ", ").append(v);
        }
        return out.toString();
    }
}
