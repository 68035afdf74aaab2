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
 * {@code winnow-recipe 3} (or 1 or 2, whose defaults differ: {@link Recipe}), optional {@code name "..."} and {@code description "..."} lines,
 * {@code #} comments, and one chain written exactly as in Java:
 *
 * <pre>
 * winnow-recipe 3
 * name "half-cnn"
 * localImitation().optimizeGamma().select(ratio(0.5)).layers("conv*")
 *     .finetune(3, lr(0.01))
 * </pre>
 *
 * Reading never runs code, loads classes or touches files: a hand-written parser builds the
 * {@link Step} values directly.
 */
public final class RecipeText {

    /** The recipe file format version this Winnow writes for new recipes; it reads every version from 1 to this. */
    public static final int VERSION = Recipe.CURRENT_VERSION;

    private RecipeText() {
    }

    /**
     * Reads a recipe file: the document, or every syntax, argument and recipe problem found,
     * each at its line and column, in file order.
     */
    public static Either<List<Diagnostic>, RecipeDocument> parse(String text, String fileName) {
        TextReader.Result read = TextReader.read(text, fileName);
        RecipeDocument document = new RecipeDocument(fileName, read.name(), read.description(),
                Recipe.of(read.version(), read.steps()),
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
        return Printer.file(document.recipe().version(), document.name(), document.description(), document.recipe().steps(),
                document.comments());
    }

    /** The canonical text of a recipe alone: the header line, a blank line and the chain. */
    public static String print(Recipe recipe) {
        return print(RecipeDocument.of(recipe));
    }

    /**
     * The same recipe in the current version, meaning what it meant in its own: every stage whose bias correction,
     * or the kind of it, came from its version's default and would change with the current one gets it written out,
     * right after the stage's own last step ({@code correctBias(false)} on a version-1 {@code localImitation()}
     * stage, {@code correctScale(false)} on a version-2 one or a version-1 one that says {@code correctBias()}). Comments stay
     * with the steps they were written beside; a document already in the current version comes back as it is.
     */
    public static RecipeDocument upgrade(RecipeDocument document) {
        Recipe recipe = document.recipe();
        if (recipe.version() == Recipe.CURRENT_VERSION) {
            return document;
        }
        List<Step> steps = recipe.steps();
        java.util.List<Step> out = new java.util.ArrayList<>();
        java.util.List<io.winnow.dsl.text.SourcePosition> positions = new java.util.ArrayList<>();
        java.util.Map<Integer, Integer> moved = new java.util.HashMap<>();
        List<StageSpec> stages = recipe.stages();
        int stage = -1;
        java.util.Set<Integer> handled = new java.util.HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            moved.put(i, out.size());
            out.add(s);
            positions.add(document.positionOf(i));
            if (s instanceof Step.Stage) {
                stage++;
            }
            // The stage's first run of own steps ends here (a stage's steps may go on after a recipe-level step).
            boolean runEnds = stage >= 0 && (s instanceof Step.Stage || s instanceof Step.OfStage)
                    && (i + 1 == steps.size() || !(steps.get(i + 1) instanceof Step.OfStage));
            if (runEnds && handled.add(stage)) {
                StageSpec spec = stages.get(stage);
                int next = stage + 1 < stages.size() ? stages.get(stage + 1).step() : steps.size();
                List<Step> own = steps.subSequence(spec.step(), next);
                boolean biasSaid = own.exists(x -> x instanceof Step.CorrectBias);
                boolean scaleSaid = own.exists(x -> x instanceof Step.CorrectScale);
                if (!biasSaid && spec.correctBias() != StageSpec.correctsBiasByDefault(spec.method(), Recipe.CURRENT_VERSION)) {
                    out.add(new Step.CorrectBias(spec.correctBias()));
                    positions.add(document.positionOf(i));
                }
                if (!scaleSaid && spec.correctBias()
                        && spec.correctScale() != StageSpec.correctsScaleByDefault(spec.method(), Recipe.CURRENT_VERSION)) {
                    out.add(new Step.CorrectScale(spec.correctScale()));
                    positions.add(document.positionOf(i));
                }
            }
        }
        io.winnow.dsl.text.Comments c = document.comments();
        io.winnow.dsl.text.Comments comments = new io.winnow.dsl.text.Comments(c.header(),
                c.leading().mapKeys(k -> moved.getOrDefault(k, k)), c.trailing().mapKeys(k -> moved.getOrDefault(k, k)),
                c.footer());
        return new RecipeDocument(document.file(), document.name(), document.description(),
                Recipe.of(Recipe.CURRENT_VERSION, List.ofAll(out)), List.ofAll(positions), document.chainStart(), comments);
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
