package io.winnow.tf.train;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;

/**
 * The built-in cnn trained two epochs on the embedded data (seed 42), trained once per test JVM:
 * the slow fixture several tests share.
 */
public final class EmbeddedCnn {

    public record Trained(Architecture architecture, ModelWeights weights, Dataset data, Evaluation test) {
    }

    private static Trained trained;

    private EmbeddedCnn() {
    }

    public static synchronized Trained get() {
        if (trained == null) {
            Dataset data = FashionMnist.embedded();
            TrainConfig config = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withSeed(42);
            Architecture cnn = Architectures.byName("cnn").get();
            try (Model model = Model.init(cnn, 42)) {
                Trainer.attach(model, config).fit(data.train());
                trained = new Trained(cnn, model.weights(), data, model.evaluate(data.test()));
            }
        }
        return trained;
    }
}
