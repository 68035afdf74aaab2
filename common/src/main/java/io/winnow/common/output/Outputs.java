package io.winnow.common.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where Winnow writes: every command with {@code --out} claims its output here before any work,
 * and rewrites a user's file ({@code recipe fmt --write}) through {@link #replaceFile}.
 *
 * <p>A claim refuses, naming the path and why, and writing or deleting nothing: an empty path,
 * {@code /}, the working directory, the home directory or a directory holding either; a path
 * that is, holds or lies inside an input; a symbolic link; an existing path without
 * {@code force}; with {@code force}, anything but a directory carrying Winnow's
 * {@linkplain OutputMarker marker}; a location under a file, not writable, or without room for
 * {@code bytesNeeded}; an output another process is writing. A single-file output
 * ({@link #claimFile}) follows the same rules, its kind telling from the content whether Winnow
 * wrote an existing file.
 */
public final class Outputs {

    private Outputs() {
    }

    /**
     * Checks and locks OUT for writing later.
     *
     * @param out         the path as the user gave it
     * @param kind        what the output holds, recorded in its marker ({@code model}, {@code report})
     * @param force       whether an existing Winnow output may be replaced
     * @param inputs      every path the run reads (null entries are ignored)
     * @param bytesNeeded a rough size of the output, checked against the free space
     */
    public static OutputTarget claim(Path out, String kind, boolean force, Collection<Path> inputs, long bytesNeeded) {
        return claim(out, kind, force, inputs, bytesNeeded, Staging.Mover.ATOMIC);
    }

    static OutputTarget claim(Path out, String kind, boolean force, Collection<Path> inputs, long bytesNeeded,
                              Staging.Mover mover) {
        String shownAs = out.toString();
        Path target = checkPlace(out, inputs);
        refuseExisting(target, shownAs, force);
        Path ancestor = nearestExisting(target.getParent());
        if (!Files.isDirectory(ancestor)) {
            throw new OutputException(ancestor + ": exists and is not a directory, so " + shownAs + " cannot be created");
        }
        requireWritable(ancestor, shownAs);
        requireSpace(ancestor, shownAs, bytesNeeded);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new OutputException("cannot create " + target.getParent() + " for " + shownAs + ": " + e.getMessage(), e);
        }
        OutputLock lock = OutputLock.acquire(target, shownAs);
        try {
            StaleOutputs.clean(target);
            refuseExisting(target, shownAs, force);
            return new OutputTarget(target, shownAs, kind, lock, mover);
        } catch (IOException e) {
            lock.release();
            throw new OutputException("cannot prepare " + shownAs + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /**
     * Checks and locks OUT for writing one file later ({@link FileTarget#write}), with the same
     * checks as {@link #claim} on where it is. An existing OUT is replaced only with {@code force},
     * and only when it is a regular file that {@code writtenByWinnow} recognises as Winnow's: a file
     * carries no marker, so its kind tells from its content.
     *
     * @param kind            what the file is, for messages ({@code "an ONNX model"})
     * @param writtenByWinnow whether an existing regular file is one Winnow wrote
     */
    public static FileTarget claimFile(Path out, String kind, boolean force, Collection<Path> inputs, long bytesNeeded,
                                       java.util.function.Predicate<Path> writtenByWinnow) {
        return claimFile(out, kind, force, inputs, bytesNeeded, writtenByWinnow, FileTarget.REPLACE);
    }

    static FileTarget claimFile(Path out, String kind, boolean force, Collection<Path> inputs, long bytesNeeded,
                                java.util.function.Predicate<Path> writtenByWinnow, Staging.Mover mover) {
        String shownAs = out.toString();
        Path target = checkPlace(out, inputs);
        refuseExistingFile(target, shownAs, force, kind, writtenByWinnow);
        Path ancestor = nearestExisting(target.getParent());
        if (!Files.isDirectory(ancestor)) {
            throw new OutputException(ancestor + ": exists and is not a directory, so " + shownAs + " cannot be created");
        }
        requireWritable(ancestor, shownAs);
        requireSpace(ancestor, shownAs, bytesNeeded);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new OutputException("cannot create " + target.getParent() + " for " + shownAs + ": " + e.getMessage(), e);
        }
        OutputLock lock = OutputLock.acquire(target, shownAs);
        try {
            refuseExistingFile(target, shownAs, force, kind, writtenByWinnow);
            return new FileTarget(target, shownAs, kind, writtenByWinnow, lock, mover);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** Claims OUT, writes it with {@code fill} and commits, for callers with nothing to do in between. */
    public static void write(Path out, String kind, boolean force, Collection<Path> inputs, long bytesNeeded,
                             java.util.function.Consumer<Staging> fill) {
        try (OutputTarget target = claim(out, kind, force, inputs, bytesNeeded);
             Staging staging = target.stage()) {
            fill.accept(staging);
            staging.commit();
        }
    }

    /**
     * Replaces a file's content so that readers see the old or the new content, never half: a
     * temporary sibling, then a rename. The file keeps its permissions, and a symbolic link stays a
     * link: the file it points to is replaced. A missing file is created with the umask's mode.
     */
    public static void replaceFile(Path file, byte[] content) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            real = file.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new OutputException(file + ": cannot resolve: " + e.getMessage(), e);
        }
        if (Files.isDirectory(real)) {
            throw new OutputException(file + ": is a directory, not a file");
        }
        Path tmp = null;
        AutoCloseable removeTmp = null;
        try {
            Set<PosixFilePermission> mode = Files.exists(real) ? posixMode(real) : null;
            tmp = TempName.next(real, TempName.STAGED);
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Path created = tmp;
            removeTmp = () -> Files.deleteIfExists(created);
            ShutdownCleanup.register(removeTmp);
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new OutputException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The rename succeeded or the write failed; either way the file is whole.
                }
            }
            if (removeTmp != null) {
                ShutdownCleanup.forget(removeTmp);
            }
        }
    }

    /** Bytes in the regular files under {@code path}: a size estimate for an output made from it. */
    public static long sizeOf(Path path) {
        return path == null ? 0 : Trees.size(path);
    }

    private static Set<PosixFilePermission> posixMode(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** The absolute OUT, after the checks that depend only on where it is. */
    private static Path checkPlace(Path out, Collection<Path> inputs) {
        String shownAs = out.toString();
        if (shownAs.isBlank()) {
            throw new OutputException("--out is empty: name a new directory for the output");
        }
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new OutputException(shownAs + " is the root directory: choose another --out");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new OutputException(shownAs + " is a symbolic link: Winnow replaces only directories it wrote; "
                    + "choose another --out");
        }
        List<Path> outForms = forms(abs);
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty()) {
            refuseOverlap(shownAs, outForms, Path.of(home), "your home directory", false);
        }
        refuseOverlap(shownAs, outForms, Path.of("").toAbsolutePath(), "the working directory", false);
        for (Path input : inputs) {
            if (input != null) {
                refuseOverlap(shownAs, outForms, input, "the input " + input, true);
            }
        }
        return abs;
    }

    /**
     * Refuses OUT equal to {@code other} or holding it; with {@code inside} also OUT inside it. Both
     * are compared as given and with symbolic links resolved.
     */
    private static void refuseOverlap(String shownAs, List<Path> outForms, Path other, String what, boolean inside) {
        for (Path o : forms(other.toAbsolutePath().normalize())) {
            for (Path p : outForms) {
                if (p.equals(o)) {
                    throw new OutputException(shownAs + " is " + what + ": choose another --out");
                }
                if (o.startsWith(p)) {
                    throw new OutputException(shownAs + " holds " + what + ": choose another --out");
                }
                if (inside && p.startsWith(o)) {
                    throw new OutputException(shownAs + " lies inside " + what + ": inputs are never modified; "
                            + "choose another --out");
                }
            }
        }
    }

    /** The path as given and with symbolic links resolved in its longest existing prefix. */
    private static List<Path> forms(Path abs) {
        List<Path> forms = new ArrayList<>(List.of(abs));
        Path existing = nearestExisting(abs);
        try {
            Path real = existing.toRealPath().resolve(existing.relativize(abs));
            if (!real.equals(abs)) {
                forms.add(real.normalize());
            }
        } catch (IOException e) {
            // Unresolvable (a permission problem): the literal form alone is compared.
        }
        return forms;
    }

    private static Path nearestExisting(Path abs) {
        Path p = abs;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return Objects.requireNonNullElse(p, abs.getRoot());
    }

    private static void refuseExisting(Path target, String shownAs, boolean force) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(shownAs + " exists and is a file, not a Winnow output; choose another --out");
        }
        if (!force) {
            throw new OutputException(shownAs + " already exists; pass --force to replace it");
        }
        if (!OutputMarker.isWinnowOutput(target)) {
            throw new OutputException(shownAs + " exists and was not written by Winnow (it has no "
                    + OutputMarker.FILE + "); --force replaces only Winnow outputs: choose another --out");
        }
    }

    private static void refuseExistingFile(Path target, String shownAs, boolean force, String kind,
                                           java.util.function.Predicate<Path> writtenByWinnow) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(shownAs + " is a directory; this output is one file (" + kind
                    + "): choose another --out");
        }
        if (!force) {
            throw new OutputException(shownAs + " already exists; pass --force to replace it");
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !writtenByWinnow.test(target)) {
            throw new OutputException(shownAs + " exists and was not written by Winnow (it is not " + kind
                    + " Winnow wrote); --force replaces only Winnow outputs: choose another --out");
        }
    }

    /** Permission bits pass for root, so a file is actually created and deleted. */
    private static void requireWritable(Path dir, String shownAs) {
        if (!Files.isWritable(dir)) {
            throw new OutputException("cannot create " + shownAs + ": " + dir + " is not writable");
        }
        Path probe = dir.resolve(".winnow-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw new OutputException("cannot create " + shownAs + ": cannot write in " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private static void requireSpace(Path dir, String shownAs, long bytesNeeded) {
        if (bytesNeeded <= 0) {
            return;
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytesNeeded) {
                throw new OutputException(String.format(Locale.ROOT,
                        "cannot create %s: %s has %.1f MiB free, the output needs about %.1f MiB", shownAs, dir,
                        free / 1048576.0, bytesNeeded / 1048576.0));
            }
        } catch (IOException e) {
            throw new OutputException("cannot create " + shownAs + ": cannot read the free space of " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
