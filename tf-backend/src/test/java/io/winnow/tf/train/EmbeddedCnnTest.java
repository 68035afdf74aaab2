package io.winnow.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.model.Evaluation;
import io.winnow.tf.model.Model;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The one slow test (about a minute on 2 cores): the built-in cnn learns the embedded data. */
class EmbeddedCnnTest {

    @Test
    void cnnTrainedTwoEpochsOnTheEmbeddedSubsetReaches85PercentTestAccuracy() {
        Dataset data = FashionMnist.embedded();
        TrainConfig config = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withSeed(42);
        try (Model model = Model.init(Architectures.byName("cnn").get(), 42)) {
            Trainer.attach(model, config).fit(data.train());
            Evaluation test = model.evaluate(data.test());
            LoggerFactory.getLogger(EmbeddedCnnTest.class).info("cnn on {}: {}", data.describe(), test);
            assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.85);
        }
    }
}
