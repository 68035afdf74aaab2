package io.winnow.compare;

import io.winnow.proofs.report.Charts;
import io.winnow.proofs.report.Html;
import java.io.IOException;
import java.util.Base64;
import org.knowm.xchart.XYChart;

/** What compare.html and sensitivity.html share: the page's head and plots inlined as data URIs. */
final class Pages {

    private Pages() {
    }

    /** The document up to and including {@code <body>}: readable at any width, numbers right-aligned. */
    static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>body{font-family:system-ui,sans-serif;"
                + "max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{padding:.3em .6em;"
                + "border-bottom:1px solid #ddd}td.n,th.n{text-align:right}img{max-width:100%;height:auto}"
                + "pre{background:#f6f6f6;padding:1em}</style></head><body>\n";
    }

    /** A chart as an inline PNG, so that the page is one self-contained file. */
    static String image(String alt, XYChart chart) throws IOException {
        return "<p><img alt=\"" + Html.escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(Charts.png(chart)) + "\"></p>\n";
    }
}
