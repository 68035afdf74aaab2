package io.winnow.tf;

/**
 * A problem with what the user gave us (a file, a directory, an option), as opposed to a fault in
 * Winnow. The message says which input and what is wrong; command-line tools print it without a
 * stack trace.
 */
public class UserInputException extends io.winnow.common.UserInputException {

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
