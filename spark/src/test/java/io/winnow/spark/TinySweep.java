package io.winnow.spark;

import io.vavr.collection.List;
import io.winnow.WinnowModel;
import io.winnow.compare.LocalSweepRunner;
import io.winnow.compare.Sweep;
import io.winnow.compare.SweepInputs;
import io.winnow.compare.SweepJob;
import io.winnow.compare.SweepPoint;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.data.Normalisation;
import io.winnow.tf.export.ModelStore;
import java.nio.file.Path;
import java.util.Optional;

/** A sweep small enough for a test: a 16-12 MLP on the embedded Fashion-MNIST subset, as CompareCommandTest uses. */
final class TinySweep {

    static final String GAMMA = "winnow-recipe 1\nlocalImitation().select(4).calibration(128)\n";
    static final String MAGNITUDE = "winnow-recipe 1\nmagnitude().select(4).calibration(128)\n";
    /** Asks for conv layers of an MLP: does not compile, so its points fail. */
    static final String CONV_ONLY = "winnow-recipe 1\nmagnitude().select(4).layers(\"conv*\").calibration(128)\n";

    private TinySweep() {
    }

    static Path saveModel(Path directory) {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = directory.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        return model;
    }

    static SweepInputs inputs(Path model) {
        return SweepInputs.of(model, Optional.of("embedded"), Normalisation.NONE);
    }

    static Sweep.NamedRecipe recipe(String name, String text) {
        return new Sweep.NamedRecipe(name, name + ".recipe", RecipeText.parse(text, name + ".recipe").get().recipe());
    }

    /** The points a local compare computes for the jobs, in order. */
    static java.util.List<SweepPoint> local(SweepInputs inputs, List<SweepJob> jobs) {
        WinnowModel model = inputs.loadModel();
        java.util.List<SweepPoint> points = new java.util.ArrayList<>();
        new LocalSweepRunner(model, inputs.loadData(model.architecture())).run(inputs, jobs, points::add);
        return points;
    }

    static java.util.List<SweepPoint> spark(String master, SweepInputs inputs, List<SweepJob> jobs) {
        java.util.List<SweepPoint> points = new java.util.ArrayList<>();
        new SparkSweepRunner(master).run(inputs, jobs, points::add);
        return points;
    }
}
