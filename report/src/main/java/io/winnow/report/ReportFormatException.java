package io.winnow.report;

/**
 * report.json is not a report this code can read: not JSON, another format, or a field that is
 * unknown, missing, null, of the wrong type or non-finite. The message names the JSON path.
 */
public final class ReportFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }

    public ReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
