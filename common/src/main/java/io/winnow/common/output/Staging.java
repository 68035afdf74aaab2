package io.winnow.common.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new output being written: a hidden sibling {@code .OUT.tmp-PID-N} of OUT, created with the
 * umask's modes and carrying Winnow's marker. {@link #commit()} moves it into place; closing
 * without commit deletes it, as does SIGINT or SIGTERM. A reader of OUT sees the old output or
 * the new one, never half.
 */
public final class Staging implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);

    private enum State { OPEN, COMMITTED, CLOSED }

    private final Path target;
    private final String shownAs;
    private final Path dir;
    private final Mover mover;
    private State state = State.OPEN;

    private Staging(Path target, String shownAs, Path dir, Mover mover) {
        this.target = target;
        this.shownAs = shownAs;
        this.dir = dir;
        this.mover = mover;
    }

    static Staging open(Path target, String shownAs, String kind, Mover mover) {
        Path dir;
        try {
            dir = Files.createDirectory(TempName.next(target, TempName.STAGED));
        } catch (IOException e) {
            throw new OutputException("cannot create a staging directory for " + shownAs + ": " + e.getMessage(), e);
        }
        Staging staging = new Staging(target, shownAs, dir, mover);
        ShutdownCleanup.register(staging);
        try {
            OutputMarker.of(kind).writeInto(dir);
        } catch (IOException e) {
            staging.close();
            throw new OutputException("cannot write in " + dir + ": " + e.getMessage(), e);
        }
        return staging;
    }

    /** The directory to write the new output into (its name changes to OUT on commit). */
    public Path directory() {
        return dir;
    }

    /** Writes one file, {@code relative} to the output directory (subdirectories are created). */
    public synchronized void write(String relative, byte[] bytes) {
        requireOpen();
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir) || file.equals(dir) || file.getFileName().toString().equals(OutputMarker.FILE)) {
            throw new IllegalArgumentException("output file " + relative + " lies outside the output directory");
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new OutputException("cannot write " + shownAs + "/" + relative + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the staged directory onto OUT. An existing OUT (a Winnow output, as checked when it was
     * claimed) is first renamed to {@code .OUT.old-PID-N}, then deleted once the new one is in
     * place; if the second rename fails the old one is moved back.
     */
    public synchronized void commit() {
        requireOpen();
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                mover.move(dir, target);
                state = State.COMMITTED;
                return;
            }
            if (!OutputMarker.isWinnowOutput(target)) {
                throw new OutputException(shownAs + " changed during the run and is no longer a Winnow output; "
                        + "the new output is not written");
            }
            Path old = TempName.next(target, TempName.PREVIOUS);
            mover.move(target, old);
            try {
                mover.move(dir, target);
            } catch (IOException e) {
                try {
                    mover.move(old, target);
                } catch (IOException rollback) {
                    e.addSuppressed(rollback);
                    throw new OutputException("cannot replace " + shownAs + ": " + e.getMessage()
                            + "; the previous output is in " + old + " and the next Winnow run restores it", e);
                }
                throw e;
            }
            state = State.COMMITTED;
            try {
                Trees.delete(old);
            } catch (IOException e) {
                LOG.warn("cannot delete the previous output {}: {}; the next run removes it", old, e.toString());
            }
        } catch (IOException e) {
            throw new OutputException("cannot replace " + shownAs + ": " + e.getMessage()
                    + "; the previous output, if any, is kept", e);
        } finally {
            if (state == State.COMMITTED) {
                ShutdownCleanup.forget(this);
            }
        }
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** Deletes the staged directory unless it was committed. */
    @Override
    public synchronized void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
            try {
                Trees.delete(dir);
            } catch (IOException e) {
                LOG.warn("cannot delete the staging directory {}: {}; the next run removes it", dir, e.toString());
            }
        }
        ShutdownCleanup.forget(this);
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the staged output of " + shownAs + " is " + state.name().toLowerCase());
        }
    }

    /** Renames a directory; swapped in tests to make a rename fail. */
    @FunctionalInterface
    interface Mover {
        Mover ATOMIC = (from, to) -> Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        void move(Path from, Path to) throws IOException;
    }
}
