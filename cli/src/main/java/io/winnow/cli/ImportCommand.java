package io.winnow.cli;

import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.dsl.network.Architecture;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.onnx.OnnxImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.winnow.WinnowModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow import MODEL.onnx --out DIR}: an ONNX classifier as a Winnow model directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an ONNX classifier (as torch.onnx.export writes it, opsets 11 to 17) as a Winnow model "
                + "directory. Every command that takes a model also reads the .onnx file directly.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model file")
    Path model;

    @Mixin
    OutputOptions output;


    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::importModel);
    }

    private int importModel() {
        if (!OnnxImport.isOnnx(model)) {
            throw new UserError(model + " is not an ONNX file: winnow import reads a file named *.onnx");
        }
        // Read before claiming OUT: a model that cannot be imported leaves nothing behind, not even
        // OUT's parent directories or lock (the import takes well under a second).
        OnnxImport.Imported imported = OnnxImport.read(model);
        WinnowModel.requireFinite(imported.weights(), model);
        Architecture arch = imported.architecture();
        Path out = output.out;
        try (OutputTarget target = output.claim(ModelStore.KIND, java.util.List.of(model), ModelStore.sizeEstimate(arch));
             Staging staging = target.stage()) {
            ModelStore.write(staging, arch, imported.weights());
            staging.commit();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("imported %s: %d layers, input %s, %d classes, %,d parameters, %,d FLOPs per sample%n", model,
                arch.layers().size(), arch.input(), arch.classes(), arch.totalParams(), arch.totalFlops());
        stdout.println("saved to " + out + " (winnow inspect " + out + " lists its layers)");
        return Winnow.EXIT_OK;
    }
}
