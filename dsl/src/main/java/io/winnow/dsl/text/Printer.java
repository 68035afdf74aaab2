package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.Step;
import io.winnow.dsl.Steps;

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

    /** The whole file: header, metadata, header comments, the chain, footer comments. */
    public static String file(Option<String> name, Option<String> description, List<Step> steps, Comments comments) {
        StringBuilder out = new StringBuilder("winnow-recipe ").append(Versions.CURRENT).append('\n');
        name.forEach(n -> out.append("name \"").append(escape(n)).append("\"\n"));
        description.forEach(d -> out.append("description \"").append(escape(d)).append("\"\n"));
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
            boolean newLine = i > 0 && (step instanceof Step.Stage || !Steps.isStageLevel(step)
                    || !Steps.isStageLevel(steps.get(i - 1)) && !(steps.get(i - 1) instanceof Step.Stage)
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
            out.append(i == 0 ? "" : ".").append(step(step));
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

    static String step(Step step) {
        String word = Steps.word(step);
        if (step instanceof Step.Select s) {
            return word + "(" + Steps.budgetText(s.budget()) + ")";
        } else if (step instanceof Step.Layers l) {
            return word + "(" + strings(l.patterns()) + ")";
        } else if (step instanceof Step.ExceptLayers l) {
            return word + "(" + strings(l.patterns()) + ")";
        } else if (step instanceof Step.Imitate t) {
            return word + "(" + t.target().word() + "())";
        } else if (step instanceof Step.FinetuneEachLayer f) {
            return word + "(" + List.of(Steps.number(f.epochs())).appendAll(f.options().map(Steps::optionText)).mkString(", ") + ")";
        } else if (step instanceof Step.Calibration c) {
            return word + "(" + c.samples() + ")";
        } else if (step instanceof Step.Finetune f) {
            return word + "(" + List.of(String.valueOf(f.epochs())).appendAll(f.options().map(Steps::optionText)).mkString(", ") + ")";
        } else if (step instanceof Step.Seed s) {
            return word + "(" + integer(s.seed()) + ")";
        }
        return word + "()";
    }

    static String integer(long n) {
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? Long.toString(n) : n + "L";
    }

    private static String strings(List<String> values) {
        return values.map(v -> "\"" + escape(v) + "\"").mkString(", ");
    }

    /** Java string escapes for quotes, backslashes and control characters; other characters stay as they are. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean lone = Character.isHighSurrogate(c) ? k + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(k + 1))
                            : Character.isLowSurrogate(c) && (k == 0 || !Character.isHighSurrogate(s.charAt(k - 1)));
                    if (Character.isISOControl(c) || lone || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || c == '\u0085') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
