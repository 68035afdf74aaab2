package io.winnow.common;

/**
 * A problem the user can fix (a file, a directory, an option), as opposed to a fault in Winnow.
 * The message names the input and what is wrong; the command line prints it as one line, without
 * a stack trace, and exits with status 2.
 */
public class UserInputException extends RuntimeException {

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
