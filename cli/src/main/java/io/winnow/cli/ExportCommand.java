package io.winnow.cli;

import io.winnow.WinnowModel;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Staging;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.BatchNormFolding;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.onnx.OnnxExport;
import io.winnow.tf.onnx.OnnxImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow export MODEL --format onnx|savedmodel --out PATH}: a model for serving elsewhere. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model (a Winnow model directory or a .onnx file) for serving: an ONNX file (opset 13, "
                + "input NCHW [batch, C, H, W] float32 named input, output the logits, batch norm folded) or a clean "
                + "TensorFlow SavedModel directory (signature serving_default, method tensorflow/serving/predict, "
                + "without report.json or report.html).")
public final class ExportCommand implements Callable<Integer> {

    /** The formats {@code --format} takes. */
    enum Format { onnx, savedmodel }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "the model: a directory written by train, prune or import, or a .onnx file")
    Path model;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "onnx (OUT is a file named *.onnx) or savedmodel (OUT is a directory)")
    Format format;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::export);
    }

    private int export() {
        if (format == Format.onnx && !OnnxImport.isOnnx(output.out)) {
            throw new UserError("--out " + output.out + ": an ONNX export is one file named *.onnx (Winnow and other "
                    + "tools tell an ONNX model by that extension)");
        }
        WinnowModel loaded = WinnowModel.load(model);
        Architecture arch = loaded.architecture();
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == Format.onnx) {
            long bytes = OnnxExport.write(arch, loaded.weights(), output.out, output.force, java.util.List.of(model));
            int folded = BatchNormFolding.fold(arch, loaded.weights()).folded();
            stdout.printf("exported %s to %s: ONNX opset %d, input %s [batch, %s] float32 (NCHW), output %s "
                            + "[batch, %d] (logits, no softmax), %d batch norms folded, %,d bytes%n",
                    model, output.out, OnnxExport.OPSET, OnnxExport.INPUT, channelsFirst(arch.input()), OnnxExport.OUTPUT,
                    arch.classes(), folded, bytes);
        } else {
            try (OutputTarget target = output.claim(ModelStore.KIND, java.util.List.of(model), ModelStore.sizeEstimate(arch));
                 Staging staging = target.stage()) {
                ModelStore.write(staging, arch, loaded.weights());
                staging.commit();
            }
            stdout.printf("exported %s to %s: TensorFlow SavedModel, tag %s, signature %s (method %s), input %s "
                            + "[batch, %s] float32 (NHWC), output %s [batch, %d]%n",
                    model, output.out, ModelStore.TAG, ModelStore.SIGNATURE, ModelStore.PREDICT_METHOD,
                    io.winnow.tf.model.Model.INPUT, arch.input() instanceof Shape.Image i
                            ? i.height() + ", " + i.width() + ", " + i.channels() : arch.input().toString(),
                    io.winnow.tf.model.Model.LOGITS, arch.classes());
        }
        return Winnow.EXIT_OK;
    }

    private static String channelsFirst(Shape shape) {
        return shape instanceof Shape.Image i ? i.channels() + ", " + i.height() + ", " + i.width() : shape.toString();
    }
}
