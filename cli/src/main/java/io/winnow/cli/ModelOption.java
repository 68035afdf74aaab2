package io.winnow.cli;

import io.winnow.WinnowModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}, the model a command prunes or probes, with one help text everywhere (a picocli mixin). */
final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "a Winnow model directory or an ONNX file (.onnx)")
    Path path;

    /** The model, its weights checked finite ({@link WinnowModel#load}). */
    WinnowModel load() {
        return WinnowModel.load(path);
    }
}
