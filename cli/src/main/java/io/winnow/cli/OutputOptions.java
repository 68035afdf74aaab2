package io.winnow.cli;

import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --out} and {@code --force}, with one meaning on every command that writes an output (a
 * directory, or one file for {@code winnow export --format onnx}; a picocli mixin): docs/cli.md,
 * "Outputs and --force".
 */
final class OutputOptions {

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "the directory to write (a file for export --format onnx); it must not exist unless --force")
    Path out;

    @Option(names = "--force", description = "replace OUT, only if Winnow wrote it (it holds a .winnow-output marker; "
            + "an ONNX file names winnow as its producer)")
    boolean force;

    /** Claims OUT before any work: checked against the inputs and the free space, and locked. */
    OutputTarget claim(String kind, List<Path> inputs, long bytes) {
        return Outputs.claim(out, kind, force, inputs, bytes);
    }
}
