package io.winnow.proofs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's text as a list of blocks, rendered to Markdown and to HTML from the same blocks so
 * that index.md and index.html say the same thing. The HTML is self-contained (inline style, no
 * scripts); only the PNG images next to it are referenced.
 */
final class ReportDocument {

    sealed interface Block permits Heading, Paragraph, Table, Image, Code {
    }

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record Table(List<String> header, List<List<String>> rows) implements Block {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    record Image(String file, String alt) implements Block {
    }

    /** Preformatted text shown as is, e.g. a recipe. */
    record Code(String text) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();

    ReportDocument heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    ReportDocument table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows));
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
            } else if (block instanceof Code c) {
                md.append("```\n").append(c.text()).append(c.text().endsWith("\n") ? "" : "\n").append("```\n\n");
            }
        }
        return md.toString();
    }

    String toHtml(String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;line-height:1.4}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.2em .6em;text-align:right}\n")
                .append("th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}\n")
                .append("</style>\n</head>\n<body>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                html.append("<h").append(h.level()).append('>').append(Html.escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                html.append("<p>").append(Html.escape(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                html.append("<table>\n<tr>");
                t.header().forEach(cell -> html.append("<th>").append(Html.escape(cell)).append("</th>"));
                html.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    html.append("<tr>");
                    row.forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
            } else if (block instanceof Image i) {
                html.append("<p><img src=\"").append(Html.escape(i.file())).append("\" alt=\"").append(Html.escape(i.alt())).append("\"></p>\n");
            } else if (block instanceof Code c) {
                html.append("<pre>").append(Html.escape(c.text())).append("</pre>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static String markdownRow(List<String> cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return row.append('\n').toString();
    }
}
