package io.winnow.common.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The file {@value #FILE} that Winnow writes into every output directory it creates. Only a
 * directory carrying it may be replaced by {@code --force} or removed as a stale temporary, so
 * Winnow never deletes what it did not write.
 *
 * @param tool    always {@value #TOOL}
 * @param kind    what the directory holds, e.g. {@code model} or {@code report}
 * @param version the Winnow version that wrote it
 */
public record OutputMarker(String tool, String kind, String version) {

    public static final String FILE = ".winnow-output";
    public static final String TOOL = "winnow";

    /** The marker this build of Winnow writes for an output of the given kind. */
    public static OutputMarker of(String kind) {
        return new OutputMarker(TOOL, kind, Version.CURRENT);
    }

    /** The marker of a directory, if it is a Winnow output (a regular marker file naming Winnow as the tool). */
    public static Optional<OutputMarker> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > 4096) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader r = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
                p.load(r);
            }
            if (!TOOL.equals(p.getProperty("tool"))) {
                return Optional.empty();
            }
            return Optional.of(new OutputMarker(TOOL, p.getProperty("kind", ""), p.getProperty("version", "")));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isWinnowOutput(Path dir) {
        return read(dir).isPresent();
    }

    /** Writes the marker into {@code dir}, which must not have one yet. */
    void writeInto(Path dir) throws IOException {
        String text = "tool=" + tool + "\nkind=" + kind + "\nversion=" + version + "\n";
        Files.writeString(dir.resolve(FILE), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    private static final class Version {
        static final String CURRENT = load();

        private static String load() {
            try (InputStream in = OutputMarker.class.getResourceAsStream("version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
