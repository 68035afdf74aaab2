package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.LayerCost;
import io.winnow.tf.export.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow inspect MODEL}: the architecture layer by layer, with widths, parameters and FLOPs. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's architecture: per-layer output shapes, widths, parameters and FLOPs.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A Winnow model directory, an ONNX file (.onnx), or the name of a built-in architecture")
    String model;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::inspect);
    }

    private int inspect() {
        Path path = Path.of(model);
        Architecture arch;
        if (!Files.exists(path) && Architectures.byName(model).isDefined()) {
            arch = Architectures.byName(model).get();
        } else {
            arch = ModelStore.readArchitecture(path);
            io.winnow.WinnowModel.load(path);
        }
        print(arch, spec.commandLine().getOut());
        return 0;
    }

    static void print(Architecture arch, PrintWriter out) {
        var shapes = arch.shapes();
        out.printf("%s: input %s, %d classes%n", arch.name(), arch.input(), arch.classes());
        out.printf("%-16s %-13s %-24s %-12s %6s %12s %14s%n", "layer", "kind", "reads", "output", "width", "params", "FLOPs");
        for (LayerCost cost : arch.costs()) {
            Layer layer = arch.layer(cost.layer()).get();
            String width = Architecture.hasNeurons(layer) ? Integer.toString(Architecture.widthOf(layer)) : "";
            out.printf("%-16s %-13s %-24s %-12s %6s %,12d %,14d%n", layer.name(), layer.kind(),
                    layer.inputs().mkString(", "), shapes.get(layer.name()).get(), width, cost.params(), cost.flops());
        }
        out.printf("%-16s %-13s %-24s %-12s %6s %,12d %,14d%n", "total", "", "", "", "", arch.totalParams(), arch.totalFlops());
        out.println("FLOPs count multiply-adds of dense and conv2d layers per sample.");
    }
}
