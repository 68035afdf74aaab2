package io.winnow.common.output;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Winnow's names for what it keeps beside an output OUT while writing it: {@code .OUT.tmp-PID-N}
 * (the new output being staged), {@code .OUT.old-PID-N} (the previous output during the swap),
 * {@code .OUT.lock}. The process id tells a later run whether the writer is still alive.
 *
 * @param role {@code tmp} or {@code old}
 * @param pid  the process that made it
 */
record TempName(String role, long pid) {

    static final String STAGED = "tmp";
    static final String PREVIOUS = "old";

    private static final Pattern SUFFIX = Pattern.compile("(tmp|old)-(\\d{1,18})-(\\d{1,9})");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A fresh sibling name of {@code target} for this process; nothing is created. */
    static Path next(Path target, String role) {
        return target.resolveSibling("." + target.getFileName() + "." + role + "-" + ProcessHandle.current().pid()
                + "-" + COUNTER.incrementAndGet());
    }

    static Path lockFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    /** The temporary name of {@code target} that {@code entry} (a file name in its parent) is, if it is one. */
    static Optional<TempName> parse(Path target, String entry) {
        String prefix = "." + target.getFileName() + ".";
        if (!entry.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = SUFFIX.matcher(entry.substring(prefix.length()));
        return m.matches() ? Optional.of(new TempName(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /** True when no live process has this id (a reused id only makes Winnow keep a leftover, never delete one). */
    boolean writerIsGone() {
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }
}
