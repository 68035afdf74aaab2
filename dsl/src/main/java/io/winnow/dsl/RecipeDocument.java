package io.winnow.dsl;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.text.Comments;
import io.winnow.dsl.text.SourcePosition;

/**
 * A recipe read from a file, with what the file adds around it: name, description, comments,
 * and where each step was written, so that any {@link Problem} (from {@link Recipe#problems()}
 * or {@link Recipe#compile}) can be reported at its place in the file.
 *
 * @param file          the file name diagnostics carry
 * @param positions     where each step's word is, by step index
 * @param chainStart    where the chain starts; problems of the whole recipe are reported there
 */
public record RecipeDocument(String file, Option<String> name, Option<String> description, Recipe recipe,
                             List<SourcePosition> positions, SourcePosition chainStart, Comments comments) {

    public RecipeDocument {
        java.util.Objects.requireNonNull(file, "file");
        java.util.Objects.requireNonNull(recipe, "recipe");
    }

    /** A document for a recipe built in Java: no metadata, no comments, no positions. */
    public static RecipeDocument of(Recipe recipe) {
        return new RecipeDocument("<recipe>", Option.none(), Option.none(), recipe, List.empty(), SourcePosition.START,
                Comments.NONE);
    }

    /** Where a step was written; the chain's start for -1 (the whole recipe) or a step the file does not have. */
    public SourcePosition positionOf(int step) {
        return step >= 0 && step < positions.size() ? positions.get(step) : chainStart;
    }

    /** The problem as a diagnostic at its step's place in the file. */
    public Diagnostic locate(Problem problem) {
        return Diagnostic.at(file, positionOf(problem.step()), problem.message());
    }

    public List<Diagnostic> locate(List<Problem> problems) {
        return problems.map(this::locate).sorted();
    }

    public RecipeDocument withName(String newName) {
        return new RecipeDocument(file, Option.of(newName), description, recipe, positions, chainStart, comments);
    }

    public RecipeDocument withDescription(String newDescription) {
        return new RecipeDocument(file, name, Option.of(newDescription), recipe, positions, chainStart, comments);
    }
}
