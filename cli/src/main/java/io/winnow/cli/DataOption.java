package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --data}, the same option with the same help on every command that reads data (a picocli mixin). */
final class DataOption {

    @Option(names = "--data", paramLabel = "DATA", description = CommandRunner.DATA_HELP)
    String value;

    /**
     * The data set it names, or the default one, read for a model of architecture {@code arch}
     * and normalised; an image folder's class order is printed to {@code notes}.
     */
    Dataset load(Normalisation normalisation, Architecture arch, PrintWriter notes) {
        return CommandRunner.data(value, normalisation, arch, notes);
    }

    /** The data directory as an input that no output may touch, when one was given. */
    List<Path> inputs() {
        return value == null || value.equals("embedded") ? List.of() : List.of(Path.of(value));
    }
}
