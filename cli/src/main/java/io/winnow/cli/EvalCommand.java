package io.winnow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.dsl.network.Architecture;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code winnow eval MODEL}: test loss and top-1 accuracy of a saved model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a Winnow model on the test split of --data: loss and top-1 accuracy.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A Winnow model directory or an ONNX file (.onnx)")
    Path model;

    @Mixin
    DataOption data;

    @Mixin
    NormalisationOptions normalisation;

    @Option(names = "--json", description = "Print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::evaluate);
    }

    private int evaluate() throws JsonProcessingException {
        PrintWriter stdout = spec.commandLine().getOut();
        Architecture arch = ModelStore.readArchitecture(model);
        try (Model loaded = Model.forInference(arch, io.winnow.WinnowModel.load(model).weights())) {
            Dataset dataset = data.load(normalisation.normalisation(), arch, json ? spec.commandLine().getErr() : stdout);
            if (!loaded.architecture().input().equals(dataset.test().sampleShape())) {
                throw new UserInputException(model + " takes inputs of shape " + loaded.architecture().input()
                        + " but " + dataset.source() + " has samples of shape " + dataset.test().sampleShape());
            }
            Evaluation test = loaded.evaluate(dataset.test());
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", model.toString());
                result.put("architecture", loaded.architecture().name());
                result.put("data", dataset.source().toString());
                result.put("classes", dataset.classNames().asJava());
                result.put("split", test.split());
                result.put("samples", test.samples());
                result.put("loss", test.loss());
                result.put("accuracy", test.accuracy());
                stdout.println(new ObjectMapper().writeValueAsString(result));
            } else {
                stdout.println("model: " + model + " (" + loaded.architecture().name() + ")");
                stdout.println("data: " + dataset.source());
                stdout.printf("test accuracy: %.2f%% (loss %.4f, %d images)%n", 100 * test.accuracy(), test.loss(),
                        test.samples());
            }
        }
        return 0;
    }
}
