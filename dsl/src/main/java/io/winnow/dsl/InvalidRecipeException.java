package io.winnow.dsl;

import io.vavr.collection.List;

/** Thrown by the fluent Java API when a call makes the recipe invalid; carries every problem found. */
public final class InvalidRecipeException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    public InvalidRecipeException(List<Problem> problems) {
        super(problems.map(Problem::message).mkString("; "));
        this.problems = problems;
    }

    public List<Problem> problems() {
        return problems;
    }
}
