package io.winnow.common.output;

import io.winnow.common.UserInputException;

/** An output location that Winnow refuses, or an output that could not be written; the message names the path. */
public final class OutputException extends UserInputException {

    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
