package io.winnow.tf.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal (redrawn in place on stderr, at most ten times a second);
 * off when the output is not a terminal, where callers log plain lines instead.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private int lastLength;

    private ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A bar on stderr when stdin and stdout are a terminal (the JVM's console test) and TERM is not dumb. */
    static ProgressBar onTerminal() {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new ProgressBar(System.err, terminal);
    }

    static ProgressBar of(PrintStream out, boolean enabled) {
        return new ProgressBar(out, enabled);
    }

    boolean enabled() {
        return enabled;
    }

    /** Draws {@code done} of {@code total} with a text after the bar; skipped if drawn very recently. */
    void update(long done, long total, String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
        String line = String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                total <= 0 ? 100 : 100 * done / total, text);
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Erases the bar so that the next log line starts on a clean line. */
    void clear() {
        if (enabled && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }
}
