package io.winnow.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the repository's recipes/ folder and docs/, whether tests run from the module or the repository root. */
final class RecipeFiles {

    private RecipeFiles() {
    }

    static Path recipesFolder() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("recipes") && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            if (Files.isRegularFile(dir.resolve("recipes").resolve("pom.xml"))) {
                return dir.resolve("recipes");
            }
        }
        throw new IllegalStateException("no recipes/ folder above " + here);
    }

    static Path repositoryRoot() {
        return recipesFolder().getParent();
    }

    static List<Path> recipeFiles() {
        try (Stream<Path> files = Files.list(recipesFolder())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".recipe")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chain of a recipe file as Java source: the lines after the header and metadata, with # comments removed. */
    static String javaChain(String text) {
        StringBuilder chain = new StringBuilder();
        boolean started = false;
        for (String line : text.split("\n")) {
            String code = withoutComment(line);
            String trimmed = code.strip();
            if (!started && (trimmed.isEmpty() || trimmed.startsWith("winnow-recipe") || trimmed.startsWith("name ")
                    || trimmed.startsWith("description "))) {
                continue;
            }
            started = true;
            chain.append(code).append('\n');
        }
        return chain.toString();
    }

    private static String withoutComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && inString) {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c == '#' && !inString) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
