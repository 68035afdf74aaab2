package io.winnow.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** SHA-256 digests of files and bytes, as report.json records them (lower-case hex). */
public final class FileDigests {

    private FileDigests() {
    }

    /**
     * The digest of every regular file under {@code dir} whose relative path ('/'-separated)
     * {@code include} accepts, by that path, sorted. Symbolic links are not followed. A single file (an
     * ONNX model) is recorded by its file name.
     */
    public static SortedMap<String, String> of(Path dir, Predicate<String> include) {
        SortedMap<String, String> digests = new TreeMap<>();
        files(dir, include).forEach((name, file) -> {
            try {
                digests.put(name, of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
        return digests;
    }

    /** The total bytes of the files that {@link #of(Path, Predicate)} digests with the same {@code include}. */
    public static long bytes(Path dir, Predicate<String> include) {
        long total = 0;
        for (Path file : files(dir, include).values()) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    /**
     * The regular files under {@code dir} whose relative path ('/'-separated) {@code include} accepts, by
     * that path, sorted; symbolic links are not followed. A single file is named by its file name.
     */
    private static SortedMap<String, Path> files(Path dir, Predicate<String> include) {
        SortedMap<String, Path> files = new TreeMap<>();
        if (Files.isRegularFile(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String name = dir.getFileName().toString();
            if (include.test(name)) {
                files.put(name, dir);
            }
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (include.test(name)) {
                    files.put(name, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** The digest of one file, streamed. */
    public static String of(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
