package io.winnow.proofs.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The report's output directory, written so that an interrupted run leaves nothing half-written:
 * every file goes to a temporary file inside a hidden staging sibling of the target and is moved
 * into place; {@link #commit()} then moves the whole staging directory onto the target. Until
 * then the target is untouched; closing without commit deletes the staging directory.
 */
public final class ReportDirectory implements AutoCloseable {

    private final Path target;
    private final Path staging;
    private final boolean replace;
    private boolean committed;

    private ReportDirectory(Path target, Path staging, boolean replace) {
        this.target = target;
        this.staging = staging;
        this.replace = replace;
    }

    /**
     * Opens a staging directory next to {@code target}, creating the parent if needed.
     *
     * @throws FileAlreadyExistsException when the target exists and {@code replace} is false
     * @throws NotDirectoryException      when the target, or a directory above it, exists and is not a directory
     * @throws IOException                when the parent cannot be created or written
     */
    public static ReportDirectory open(Path target, boolean replace) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new IOException(abs + ": cannot write a report over the root directory");
        }
        refuseExisting(abs, replace);
        try {
            Files.createDirectories(abs.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new NotDirectoryException(e.getFile());
        }
        Path staging = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".staging-");
        return new ReportDirectory(abs, staging, replace);
    }

    public Path target() {
        return target;
    }

    /** Writes one file into the staging directory: a temporary file, then an atomic move. */
    public void write(String name, byte[] bytes) throws IOException {
        if (committed) {
            throw new IllegalStateException("the report directory is already committed");
        }
        Path tmp = Files.createTempFile(staging, "." + name + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            move(tmp, staging.resolve(name));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Moves the staging directory onto the target, replacing an existing target only if allowed. */
    public void commit() throws IOException {
        refuseExisting(target, replace);
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            move(target, old);
        }
        move(staging, target);
        committed = true;
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes the staging directory unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteTree(staging);
        }
    }

    private static void refuseExisting(Path target, boolean replace) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(target.toString());
            }
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString(), null, "already exists");
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
