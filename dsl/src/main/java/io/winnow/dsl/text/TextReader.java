package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.Step;
import java.nio.charset.StandardCharsets;

/**
 * Reads recipe text into steps, reporting syntax and argument errors; the recipe-level
 * checks are {@link io.winnow.dsl.RecipeText}'s. Used through {@link io.winnow.dsl.RecipeText#parse}.
 */
public final class TextReader {

    /** Longest recipe text read, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1 << 20;

    private TextReader() {
    }

    /**
     * What the text says, as far as it could be read.
     *
     * @param version     the recipe language version of the header (the current one where the header is missing or wrong)
     * @param steps       the steps, with stand-ins for calls whose arguments are wrong
     * @param positions   where each step's word is, by step index
     * @param chainStart  where the chain starts (or would start)
     * @param complete    every call of the text became a step (so checks of the finished recipe apply)
     * @param diagnostics syntax and argument errors
     */
    public record Result(int version, Option<String> name, Option<String> description, List<Step> steps,
                         List<SourcePosition> positions, SourcePosition chainStart, Comments comments,
                         boolean complete, List<Diagnostic> diagnostics) {
    }

    public static Result read(String text, String file) {
        Diagnostics diagnostics = new Diagnostics(file);
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            diagnostics.error(SourcePosition.START, "recipe text is " + bytes + " bytes: the limit is " + MAX_BYTES
                    + " bytes (1 MiB)");
            return new Result(Versions.CURRENT, Option.none(), Option.none(), List.empty(), List.empty(), SourcePosition.START,
                    Comments.NONE, false, diagnostics.all());
        }
        Parser.Parsed parsed = Parser.parse(text, diagnostics);
        StepReader.Read read = StepReader.read(parsed.calls(), diagnostics);
        return new Result(parsed.version(), parsed.name(), parsed.description(), read.steps(), read.positions(), parsed.chainStart(),
                parsed.comments(), parsed.intact() && read.complete(), diagnostics.all());
    }

    private static long utf8Length(String text) {
        if ((long) text.length() * 3 <= MAX_BYTES) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
