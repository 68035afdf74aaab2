package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;

/** The built-in architecture names: picocli's completion candidates for --arch, and their lookup. */
final class ArchNames implements Iterable<String> {

    @Override
    public java.util.Iterator<String> iterator() {
        return Architectures.names().iterator();
    }

    /** The built-in architecture of that name; a user error naming the built-ins otherwise. */
    static Architecture resolve(String name) {
        return Architectures.byName(name).getOrElseThrow(() -> new UserError("unknown architecture \"" + name
                + "\": built-in architectures are " + Architectures.names().mkString(", ")));
    }
}
