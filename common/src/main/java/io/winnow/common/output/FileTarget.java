package io.winnow.common.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;

/**
 * An output that is one file, not a directory (an exported {@code .onnx} model): claimed and locked
 * by {@link Outputs#claimFile} before the work, written by {@link #write} after. A file cannot carry
 * Winnow's marker, so whether Winnow wrote an existing one is for its kind to tell from its content
 * (an ONNX file's producer name). The new content goes to a hidden sibling {@code .OUT.tmp-PID-N},
 * then one rename puts it in place: a reader sees the old file or the new one, never half.
 */
public final class FileTarget implements AutoCloseable {

    private final Path path;
    private final String shownAs;
    private final String kind;
    private final Predicate<Path> writtenByWinnow;
    private final OutputLock lock;
    private final Staging.Mover mover;
    private boolean written;
    private boolean closed;

    FileTarget(Path path, String shownAs, String kind, Predicate<Path> writtenByWinnow, OutputLock lock,
               Staging.Mover mover) {
        this.path = path;
        this.shownAs = shownAs;
        this.kind = kind;
        this.writtenByWinnow = writtenByWinnow;
        this.lock = lock;
        this.mover = mover;
        ShutdownCleanup.register(this);
    }

    /** The output file's absolute path. */
    public Path path() {
        return path;
    }

    /**
     * Writes the whole file: a temporary sibling, flushed to disk, renamed onto OUT. An existing OUT
     * is checked again first, so a file that became someone else's during the run is not replaced.
     */
    public synchronized void write(byte[] content) {
        if (closed || written) {
            throw new IllegalStateException("the output " + shownAs + " is " + (closed ? "released" : "already written"));
        }
        Path tmp = TempName.next(path, TempName.STAGED);
        AutoCloseable removeTmp = () -> Files.deleteIfExists(tmp);
        ShutdownCleanup.register(removeTmp);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && !(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && writtenByWinnow.test(path))) {
                throw new OutputException(shownAs + " changed during the run and is no longer " + kind
                        + " Winnow wrote; the new output is not written");
            }
            mover.move(tmp, path);
            written = true;
        } catch (IOException e) {
            throw new OutputException("cannot write " + shownAs + ": " + e.getMessage()
                    + "; the previous file, if any, is kept", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Renamed (nothing to delete) or unwritable: the next run's stale check reports it.
            }
            ShutdownCleanup.forget(removeTmp);
        }
    }

    /** Releases the lock; an unwritten output leaves nothing behind. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            ShutdownCleanup.forget(this);
        }
    }

    /** Renames the written temporary onto OUT, replacing a previous file in the same step (rename(2)). */
    static final Staging.Mover REPLACE = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
}
