package io.winnow.proofs.report;

/** Text as HTML: the one escaping every page Winnow writes uses. */
public final class Html {

    private Html() {
    }

    /** {@code text} safe inside an element or a double-quoted attribute. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
