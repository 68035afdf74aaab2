package io.winnow.dsl;

import io.winnow.dsl.network.Architecture;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.dsl.text.Printer;
import io.winnow.dsl.text.TextReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Recipes as text: {@code .recipe} files (docs/recipes.md). A file is the header line
 * {@code winnow-recipe 1}, optional {@code name "..."} and {@code description "..."} lines,
 * {@code #} comments, and one chain written exactly as in Java:
 *
 * <pre>
 * winnow-recipe 1
 * name "half-cnn"
 * localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
 *     .finetune(3, lr(0.01))
 * </pre>
 *
 * Reading never runs code, loads classes or touches files: a hand-written parser builds the
 * {@link Step} values directly.
 */
public final class RecipeText {

    /** The recipe file format version this Winnow reads and writes. */
    public static final int VERSION = 1;

    private RecipeText() {
    }

    /**
     * Reads a recipe file: the document, or every syntax, argument and recipe problem found,
     * each at its line and column, in file order.
     */
    public static Either<List<Diagnostic>, RecipeDocument> parse(String text, String fileName) {
        TextReader.Result read = TextReader.read(text, fileName);
        RecipeDocument document = new RecipeDocument(fileName, read.name(), read.description(), Recipe.of(read.steps()),
                read.positions(), read.chainStart(), read.comments());
        // A finished recipe's checks (a budget per stage, at least one stage) only mean something when every
        // call of the text became a step; otherwise they would report what a syntax error swallowed.
        List<Problem> problems = read.complete()
                ? RecipeRules.allProblems(read.steps()) : RecipeRules.orderProblems(read.steps());
        List<Diagnostic> all = read.diagnostics().appendAll(document.locate(problems)).distinct().sorted();
        return all.isEmpty() ? Either.right(document) : Either.left(all);
    }

    /** Reads a file and compiles its recipe against an architecture, reporting compile problems at their steps. */
    public static Either<List<Diagnostic>, Plan> compile(String text, String fileName, Architecture architecture) {
        return parse(text, fileName).flatMap(doc -> doc.recipe().compile(architecture).mapLeft(doc::locate));
    }

    /** The canonical text of a document: what {@code winnow recipe fmt} writes. */
    public static String print(RecipeDocument document) {
        return Printer.file(document.name(), document.description(), document.recipe().steps(), document.comments());
    }

    /** The canonical text of a recipe alone: the header line, a blank line and the chain. */
    public static String print(Recipe recipe) {
        return print(RecipeDocument.of(recipe));
    }

    /** The chain alone, one Java expression (in lines) that builds the same recipe with {@code Recipes.*}. */
    public static String expression(Recipe recipe) {
        return Printer.chain(recipe.steps(), io.winnow.dsl.text.Comments.NONE).strip();
    }

    /** SHA-256, in lower-case hex, of {@link #print(Recipe)}'s UTF-8 bytes: the recipe's identity for provenance. */
    public static String hash(Recipe recipe) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(print(recipe).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
