package io.winnow.tf.export;

import io.winnow.tf.UserInputException;
import java.nio.file.Path;

/** Saving would overwrite an existing path and overwriting was not asked for. */
public final class OutputExistsException extends UserInputException {

    public OutputExistsException(Path path) {
        super(path + " already exists: choose another output or overwrite it with --force");
    }
}
