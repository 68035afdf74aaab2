package io.winnow.dsl;

/**
 * A word of the recipe language, implemented by the enums that own them ({@link Method}, {@link StepRule},
 * {@link Target}, {@link Step.Kind}, {@link Budget.Kind}, {@link FinetuneOption.Kind}). A word is its
 * constant's name in lower camel case, so {@code ACCURACY_DROP} is written {@code accuracyDrop}: renaming
 * a constant renames the word in recipe files (VocabularyTest pins every spelling).
 */
public interface Word {

    /** The enum constant's name, e.g. {@code ACCURACY_DROP}. */
    String name();

    /** The word as written in Java and in recipe files, e.g. {@code accuracyDrop}. */
    default String word() {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return out.toString();
    }
}
