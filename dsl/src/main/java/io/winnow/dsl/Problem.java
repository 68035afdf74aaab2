package io.winnow.dsl;

/**
 * One thing wrong with a recipe or with a recipe compiled against an architecture.
 *
 * @param step    index of the step at fault in {@link Recipe#steps()}, or -1 when the recipe as a whole is at fault
 * @param message what is wrong and what would be valid, in the user's words
 */
public record Problem(int step, String message) {

    public static Problem at(int step, String message) {
        return new Problem(step, message);
    }

    public static Problem whole(String message) {
        return new Problem(-1, message);
    }

    @Override
    public String toString() {
        return step < 0 ? message : "step " + (step + 1) + ": " + message;
    }
}
