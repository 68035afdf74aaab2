package io.winnow.common.output;

import java.nio.file.Path;

/**
 * An output location that passed every check and is locked for this process until closed. Claim it
 * before the work starts ({@link Outputs#claim}), write it after: {@link #stage()}, fill the
 * staging directory, {@link Staging#commit()}.
 */
public final class OutputTarget implements AutoCloseable {

    private final Path path;
    private final String shownAs;
    private final String kind;
    private final OutputLock lock;
    private final Staging.Mover mover;
    private Staging staging;
    private boolean closed;

    OutputTarget(Path path, String shownAs, String kind, OutputLock lock, Staging.Mover mover) {
        this.path = path;
        this.shownAs = shownAs;
        this.kind = kind;
        this.lock = lock;
        this.mover = mover;
        ShutdownCleanup.register(this);
    }

    /** The output's absolute path. */
    public Path path() {
        return path;
    }

    /** Starts writing the new output; at most one staging is open at a time. */
    public synchronized Staging stage() {
        if (closed) {
            throw new IllegalStateException("the output " + shownAs + " is released");
        }
        if (staging != null && staging.isOpen()) {
            throw new IllegalStateException("the output " + shownAs + " is already being staged");
        }
        staging = Staging.open(path, shownAs, kind, mover);
        return staging;
    }

    /** Deletes an uncommitted staging directory and releases the lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (staging != null) {
                staging.close();
            }
        } finally {
            lock.release();
            ShutdownCleanup.forget(this);
        }
    }
}
