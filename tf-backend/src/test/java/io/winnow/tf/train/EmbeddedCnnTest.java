package io.winnow.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The one slow test (about a minute on 2 cores): the built-in cnn learns the embedded data. */
class EmbeddedCnnTest {

    @Test
    void cnnTrainedTwoEpochsOnTheEmbeddedSubsetReaches85PercentTestAccuracy() {
        EmbeddedCnn.Trained cnn = EmbeddedCnn.get();
        LoggerFactory.getLogger(EmbeddedCnnTest.class).info("cnn on {}: {}", cnn.data().describe(), cnn.test());
        assertThat(cnn.test().accuracy()).isGreaterThanOrEqualTo(0.85);
    }
}
