package io.winnow.cli;

import io.vavr.collection.List;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.UserInputException;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import io.winnow.tf.train.EpochStats;
import io.winnow.tf.train.LrSchedule;
import io.winnow.tf.train.Optimizer;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code winnow train}: trains a built-in architecture and saves it as a Winnow model. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a built-in architecture on Fashion-MNIST or your own data (--data) and save it as a Winnow model (SavedModel).")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "Built-in architecture: ${COMPLETION-CANDIDATES}",
            completionCandidates = ArchNames.class)
    String arch;

    @Mixin
    DataOption data;

    @Mixin
    NormalisationOptions normalisation;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or nesterov (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE})")
    double momentum;

    @Option(names = "--schedule", defaultValue = "constant", description = "constant or cosine (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 coefficient on kernels (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing (default: ${DEFAULT-VALUE})")
    double labelSmoothing;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        return CommandRunner.run(spec, this::train);
    }

    private int train() {
        Architecture architecture = ArchNames.resolve(arch);
        TrainConfig config = config();
        try (OutputTarget target = output.claim(ModelStore.KIND, data.inputs(), ModelStore.sizeEstimate(architecture))) {
            return train(architecture, config, target);
        }
    }

    private int train(Architecture architecture, TrainConfig config, OutputTarget target) {
        PrintWriter stdout = spec.commandLine().getOut();
        Dataset dataset = data.load(normalisation.normalisation(), architecture, stdout);
        stdout.println("data: " + dataset.describe());
        stdout.printf("training %s (%,d parameters, %,d FLOPs per sample) for %d epochs, seed %d%n",
                architecture.name(), architecture.totalParams(), architecture.totalFlops(), epochs, seed);
        stdout.flush();
        try (Model model = Model.init(architecture, seed)) {
            List<EpochStats> history = Trainer.attach(model, config).fit(dataset.train());
            Evaluation test = model.evaluate(dataset.test());
            double seconds = history.map(EpochStats::seconds).sum().doubleValue();
            stdout.printf("trained in %.1f s (%.1f s/epoch); final training loss %.4f%n", seconds, seconds / epochs,
                    history.last().meanLoss());
            stdout.printf("test accuracy: %.2f%% (loss %.4f, %d images of %s)%n", 100 * test.accuracy(), test.loss(),
                    test.samples(), dataset.source());
            try (Staging staging = target.stage()) {
                ModelStore.write(staging, model.architecture(), model.weights());
                staging.commit();
            }
            stdout.println("saved to " + output.out);
        }
        return 0;
    }

    /** Every numeric option in its range, before any data is read. */
    private TrainConfig config() {
        OptionRanges.between("--epochs", epochs, 1, OptionRanges.MAX_EPOCHS);
        OptionRanges.between("--batch-size", batchSize, 1, OptionRanges.MAX_BATCH_SIZE);
        OptionRanges.in("--lr", learningRate, 0, false, OptionRanges.MAX_LR, true);
        OptionRanges.in("--momentum", momentum, 0, true, 1, false);
        OptionRanges.in("--weight-decay", weightDecay, 0, true, 1, true);
        OptionRanges.in("--label-smoothing", labelSmoothing, 0, true, 1, false);
        Optimizer opt = switch (optimizer) {
            case "adam" -> Optimizer.adam();
            case "sgd" -> new Optimizer.Sgd(momentum, false);
            case "nesterov" -> new Optimizer.Sgd(momentum, true);
            default -> throw new UserInputException("unknown optimizer " + optimizer + "; use adam, sgd or nesterov");
        };
        LrSchedule lrSchedule = switch (schedule) {
            case "constant" -> LrSchedule.constant();
            case "cosine" -> LrSchedule.cosine();
            default -> throw new UserInputException("unknown schedule " + schedule + "; use constant or cosine");
        };
        try {
            return TrainConfig.defaults().withEpochs(epochs).withBatchSize(batchSize).withLearningRate(learningRate)
                    .withOptimizer(opt).withSchedule(lrSchedule).withWeightDecay(weightDecay)
                    .withLabelSmoothing(labelSmoothing).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

}
