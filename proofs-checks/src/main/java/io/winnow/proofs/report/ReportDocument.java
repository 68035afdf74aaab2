package io.winnow.proofs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's text as a list of blocks, rendered to Markdown and to HTML from the same blocks so
 * that index.md and index.html say the same thing. The HTML has inline style and no scripts; it
 * references PNG images next to it ({@link Image}, winnow prove) or carries its charts inline as
 * SVG ({@link Figure}, report.html, which is then one self-contained file). On the prune report's
 * page ({@link #aligned()}) a table column whose every cell is a number (with its unit, or "-") is
 * right-aligned and any other column left-aligned; prove's pages keep the first column left and the
 * rest right.
 */
final class ReportDocument {

    sealed interface Block permits Heading, Paragraph, Table, Image, Figure, Code {
    }

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    /** A table; a highlighted one is the page's summary card. */
    record Table(List<String> header, List<List<String>> rows, boolean highlighted) implements Block {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    record Image(String file, String alt) implements Block {
    }

    /** A chart inline: its {@code <svg>} element, an id for links and tests, and a caption. */
    record Figure(String id, String svg, String caption) implements Block {
    }

    /** Preformatted text shown as is, e.g. a recipe. */
    record Code(String text) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final boolean aligned;

    ReportDocument() {
        this(false);
    }

    private ReportDocument(boolean aligned) {
        this.aligned = aligned;
    }

    /** A document whose tables align each column by what it holds: text left, numbers right. */
    static ReportDocument aligned() {
        return new ReportDocument(true);
    }

    ReportDocument heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    ReportDocument table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows, false));
        return this;
    }

    ReportDocument summary(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows, true));
        return this;
    }

    ReportDocument figure(String id, String svg, String caption) {
        blocks.add(new Figure(id, svg, caption));
        return this;
    }

    ReportDocument image(String file, String alt) {
        blocks.add(new Image(file, alt));
        return this;
    }

    ReportDocument code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                md.append(p.text()).append("\n\n");
            } else if (block instanceof Table t) {
                md.append(markdownRow(t.header()));
                md.append(markdownRow(t.header().stream().map(x -> "---").toList()));
                t.rows().forEach(row -> md.append(markdownRow(row)));
                md.append('\n');
            } else if (block instanceof Image i) {
                md.append("![").append(i.alt()).append("](").append(i.file()).append(")\n\n");
            } else if (block instanceof Figure f) {
                md.append(f.svg()).append("\n\n").append(f.caption()).append("\n\n");
            } else if (block instanceof Code c) {
                md.append("```\n").append(c.text()).append(c.text().endsWith("\n") ? "" : "\n").append("```\n\n");
            }
        }
        return md.toString();
    }

    private static final String LEGACY_STYLE =
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.2em .6em;text-align:right}\n"
            + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}\n";

    private static final String ALIGNED_STYLE = ".table{overflow-x:auto;margin:1em 0}table{border-collapse:collapse}\n"
            + "td,th{border:1px solid #999;padding:.2em .6em;text-align:left;vertical-align:top}\n"
            + "th{background:#eee}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
            + ".summary table{border:2px solid #1f77b4}.summary th{background:#e8f1f9}\n"
            + "img,svg{max-width:100%;height:auto}figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}\n"
            + "pre{overflow-x:auto;background:#f6f6f6;padding:.5em}.summary .num{white-space:normal}.long{overflow-wrap:anywhere}\n"
            + "@media (max-width:600px){body{margin:1em auto;padding:0 .6em}td,th{padding:.15em .35em;font-size:.9em}"
            + "h1{font-size:1.6em}}\n";

    String toHtml(String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n")
                .append(aligned ? "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" : "")
                .append("<style>\n")
                .append("body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.4}\n")
                .append(aligned ? ALIGNED_STYLE : LEGACY_STYLE)
                .append("</style>\n</head>\n<body>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                html.append("<h").append(h.level()).append('>').append(Html.escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                html.append("<p>").append(Html.escape(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                if (!aligned) {
                    html.append("<table>\n<tr>");
                    t.header().forEach(cell -> html.append("<th>").append(Html.escape(cell)).append("</th>"));
                    html.append("</tr>\n");
                    for (List<String> row : t.rows()) {
                        html.append("<tr>");
                        row.forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
                        html.append("</tr>\n");
                    }
                    html.append("</table>\n");
                    continue;
                }
                boolean[] numeric = numericColumns(t);
                html.append(t.highlighted() ? "<div class=\"table summary\">" : "<div class=\"table\">").append("<table>\n<tr>");
                for (int c = 0; c < t.header().size(); c++) {
                    html.append(numeric[c] ? "<th class=\"num\">" : "<th>").append(Html.escape(t.header().get(c))).append("</th>");
                }
                html.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    html.append("<tr>");
                    for (int c = 0; c < row.size(); c++) {
                        String cell = row.get(c);
                        html.append(c < numeric.length && numeric[c] ? "<td class=\"num\">"
                                        : hasLongWord(cell) ? "<td class=\"long\">" : "<td>")
                                .append(Html.escape(cell)).append("</td>");
                    }
                    html.append("</tr>\n");
                }
                html.append("</table></div>\n");
            } else if (block instanceof Image i) {
                html.append("<p><img src=\"").append(Html.escape(i.file())).append("\" alt=\"").append(Html.escape(i.alt())).append("\"></p>\n");
            } else if (block instanceof Figure f) {
                html.append("<figure id=\"").append(Html.escape(f.id())).append("\">").append(f.svg())
                        .append("<figcaption>").append(Html.escape(f.caption())).append("</figcaption></figure>\n");
            } else if (block instanceof Code c) {
                html.append("<pre>").append(Html.escape(c.text())).append("</pre>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** A cell that reads as a number: digits with separators, a sign, a unit such as %, x, ms or KiB; "-" or "" for none. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "|-|[-+\u2212]?[0-9][0-9,]*(\\.[0-9]+)?([eE][-+]?[0-9]+)?([ \u00a0]?(%|x|ms|s|bytes|KiB|MiB|GiB|points))?( \\(.*\\))?");

    /** Per column, whether every body cell is a number (and at least one is not "-"). */
    /** Words longer than this (a SHA-256, a long path) may break anywhere; shorter ones (a stage such as globalImitation/optimizeGamma) never break inside. */
    static final int LONG_WORD = 32;

    /**
     * Whether {@code cell} has a word (between spaces) too long for a phone's column: only such a
     * cell may break inside a word. Breaking every cell anywhere split numbers and names mid-word
     * ("11,467,77|6", "batc|hnor|m") at 390 px; a table of short words scrolls sideways instead.
     */
    static boolean hasLongWord(String cell) {
        for (String word : cell.split("\\s+")) {
            if (word.length() > LONG_WORD) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] numericColumns(Table t) {
        boolean[] numeric = new boolean[t.header().size()];
        for (int c = 0; c < numeric.length; c++) {
            int col = c;
            numeric[c] = !t.rows().isEmpty()
                    && t.rows().stream().allMatch(r -> col < r.size() && NUMBER.matcher(r.get(col)).matches())
                    && t.rows().stream().anyMatch(r -> !r.get(col).equals("-") && !r.get(col).isEmpty());
        }
        return numeric;
    }

    private static String markdownRow(List<String> cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return row.append('\n').toString();
    }
}
