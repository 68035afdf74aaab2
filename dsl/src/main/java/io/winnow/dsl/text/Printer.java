package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Literals;
import io.winnow.dsl.Step;

/**
 * The canonical text of a recipe. The first step opens the chain; each later selection stage,
 * and each recipe-level step (calibration, finetune, verify, seed), starts a new line indented
 * four spaces; a stage's own steps follow it on its line. A step with comments before it starts
 * a new line under them; a step's trailing comment ends its line. Numbers print so that they
 * read back to the same value: ints in decimal, longs outside the int range with L, doubles as
 * {@link Double#toString} with a lower-case e.
 */
public final class Printer {

    static final String INDENT = "    ";

    private Printer() {
    }

    /** The whole file: header (in the recipe's version), metadata, header comments, the chain, footer comments. */
    public static String file(int version, Option<String> name, Option<String> description, List<Step> steps,
                              Comments comments) {
        StringBuilder out = new StringBuilder("winnow-recipe ").append(version).append('\n');
        name.forEach(n -> out.append("name \"").append(Literals.escape(n)).append("\"\n"));
        description.forEach(d -> out.append("description \"").append(Literals.escape(d)).append("\"\n"));
        out.append('\n');
        comments.header().forEach(c -> out.append('#').append(c).append('\n'));
        out.append(chain(steps, comments));
        comments.footer().forEach(c -> out.append('#').append(c).append('\n'));
        return out.toString();
    }

    /** The chain alone, as lines ending in a line break; without comments it is a Java expression. */
    public static String chain(List<Step> steps, Comments comments) {
        StringBuilder out = new StringBuilder();
        boolean lineOpen = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String indent = i == 0 ? "" : INDENT;
            List<String> before = comments.leading().get(i).getOrElse(List.empty());
            boolean newLine = i > 0 && (!(step instanceof Step.OfStage)
                    || !(steps.get(i - 1) instanceof Step.OfStage) && !(steps.get(i - 1) instanceof Step.Stage)
                    || !before.isEmpty() || comments.trailing().containsKey(i - 1));
            if (newLine && lineOpen) {
                out.append('\n');
                lineOpen = false;
            }
            for (String c : before) {
                out.append(indent).append('#').append(c).append('\n');
            }
            if (!lineOpen) {
                out.append(indent);
            }
            out.append(i == 0 ? "" : ".").append(step.text());
            lineOpen = true;
            Option<String> after = comments.trailing().get(i);
            if (after.isDefined()) {
                out.append(" #").append(after.get());
            }
        }
        if (lineOpen) {
            out.append('\n');
        }
        return out.toString();
    }
}
