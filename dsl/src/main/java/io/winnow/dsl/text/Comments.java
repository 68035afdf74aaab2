package io.winnow.dsl.text;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;

/**
 * The {@code #} comments of a recipe file, kept so that formatting a file does not lose them.
 * Each comment is stored as the text after its {@code #}, trailing blanks removed.
 *
 * @param header   full-line comments before the chain (printed after the header and metadata lines)
 * @param leading  full-line comments inside the chain, by the index of the step they precede
 * @param trailing comments after a step on its line, or inside its parentheses, by step index
 *                 (several comments of one step are joined into one)
 * @param footer   comments after the last step, on lines of their own
 */
public record Comments(List<String> header, Map<Integer, List<String>> leading, Map<Integer, String> trailing,
                       List<String> footer) {

    public static final Comments NONE = new Comments(List.empty(), HashMap.empty(), HashMap.empty(), List.empty());

    public boolean isEmpty() {
        return header.isEmpty() && leading.isEmpty() && trailing.isEmpty() && footer.isEmpty();
    }
}
