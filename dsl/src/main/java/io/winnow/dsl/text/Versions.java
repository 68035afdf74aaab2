package io.winnow.dsl.text;

/** The recipe file format version this Winnow reads and writes ({@code winnow-recipe 1}). */
final class Versions {

    static final int CURRENT = 1;

    private Versions() {
    }
}
