package io.winnow.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading recipe files with user-facing errors (writing is {@link io.winnow.common.output.Outputs}). */
final class Files2 {

    /** Recipe files larger than this are refused before reading (the parser's own limit is the same). */
    static final long MAX_RECIPE_BYTES = 1L << 20;

    private Files2() {
    }

    /**
     * A recipe file's text. Anything but a regular file (after following links) is refused before it
     * is opened, so a pipe or /dev/zero cannot hang the command; at most 1 MiB is read whatever the
     * file system says its size is.
     */
    static String readRecipe(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a directory, not a recipe file");
            }
            if (!Files.isRegularFile(file)) {
                throw new UserError(file + ": is not a regular file (a pipe, socket or device); give a recipe file");
            }
            long size = Files.size(file);
            if (size > MAX_RECIPE_BYTES) {
                throw new UserError(file + ": " + size + " bytes; recipe files are limited to 1 MiB");
            }
            byte[] bytes;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_RECIPE_BYTES + 1);
            }
            if (bytes.length > MAX_RECIPE_BYTES) {
                throw new UserError(file + ": more than 1 MiB; recipe files are limited to 1 MiB");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
