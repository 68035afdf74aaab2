package io.winnow.tf.data;

import io.winnow.tf.UserInputException;

/** A data file that cannot be read as what it claims to be; the message names the file and the fault. */
public final class DataFormatException extends UserInputException {

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
