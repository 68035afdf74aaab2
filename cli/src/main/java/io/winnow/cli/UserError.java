package io.winnow.cli;


/**
 * Bad input from the user (a file, an argument, a model that does not fit): the command prints
 * the message, no stack trace, and exits with {@link Winnow#EXIT_BAD_INPUT}.
 */
public final class UserError extends io.winnow.common.UserInputException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
