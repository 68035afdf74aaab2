package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.winnow.dsl.Diagnostic;

/** Collects the diagnostics of one file, up to {@link #MAX}, so that garbage input cannot flood the output. */
final class Diagnostics {

    static final int MAX = 100;

    private final String file;
    private List<Diagnostic> found = List.empty();
    private boolean truncated;

    Diagnostics(String file) {
        this.file = file;
    }

    /** Reports a problem, unless one is already reported at the same place (the lexer's, more precise). */
    void error(SourcePosition at, String message) {
        if (found.exists(d -> d.position().equals(at))) {
            return;
        }
        if (found.size() < MAX) {
            found = found.prepend(Diagnostic.at(file, at, message));
        } else if (!truncated) {
            truncated = true;
            found = found.prepend(Diagnostic.at(file, at, "too many errors: stopped reporting after " + MAX));
        }
    }

    boolean isFull() {
        return truncated;
    }

    int size() {
        return found.size();
    }

    String file() {
        return file;
    }

    List<Diagnostic> all() {
        return found.reverse();
    }
}
