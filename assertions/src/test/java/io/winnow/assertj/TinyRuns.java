package io.winnow.assertj;

import io.winnow.PruneResult;
import io.winnow.Winnow;
import io.winnow.WinnowModel;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.export.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real, small prune runs for the tests: the mlp 16-12 from seeded weights on the embedded data. */
final class TinyRuns {

    /** The model {@code @WinnowPrune} in the tests reads, made by {@link #model()}. */
    static final Path MODEL = Path.of("target/winnow-test-models/mlp");

    static final String RECIPE = "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(%d)\n";

    private TinyRuns() {
    }

    /** The mlp 16-12 with seeded random weights at {@link #MODEL}, written once per build. */
    static synchronized WinnowModel model() {
        if (!Files.isDirectory(MODEL)) {
            Architecture mlp = Architectures.mlp(16, 12);
            ModelStore.save(mlp, ModelWeights.init(mlp, 3), MODEL, false);
        }
        return WinnowModel.load(MODEL);
    }

    static PruneResult prune(long seed) {
        WinnowModel model = model();
        Plan plan = RecipeText.compile(String.format(RECIPE, seed), "half.recipe", model.architecture()).get();
        return Winnow.prune(plan, model, FashionMnist.embedded(), seed, "half.recipe");
    }
}
