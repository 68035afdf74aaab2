package io.winnow.cli;

import io.winnow.tf.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --data}, the same option with the same help on every command that reads data (a picocli mixin). */
final class DataOption {

    @Option(names = "--data", paramLabel = "DIR", description = CommandRunner.DATA_HELP)
    String value;

    /** The data set it names, or the default one. */
    Dataset load() {
        return CommandRunner.data(value);
    }

    /** The data directory as an input that no output may touch, when one was given. */
    List<Path> inputs() {
        return value == null || value.equals("embedded") ? List.of() : List.of(Path.of(value));
    }
}
