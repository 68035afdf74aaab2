package io.winnow.report;

import io.winnow.common.UserInputException;

/** A path that is not a readable Winnow model, or an architecture JSON that does not parse; the message says why. */
public final class ModelFormatException extends UserInputException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
