package io.winnow.tf.prune;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.TeacherData;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;

/**
 * The small conv net the runner's tests prune: 8x8 inputs, conv8-pool-conv8-fc16-3, trained 15
 * epochs on seeded teacher data (1200 train, 300 test). Trained once per test JVM.
 */
final class TinyNet {

    static final Architecture ARCH = Architecture.builder("tiny", new Shape.Image(8, 8, 1))
            .conv("conv1", 8, 3).batchNorm("bn1").relu("relu1").maxPool("pool1", 2)
            .conv("conv2", 8, 3).batchNorm("bn2").relu("relu2")
            .flatten("flatten").dense("fc1", 16).relu("relu3").dense("logits", 3).build();

    record Trained(Dataset data, ModelWeights weights) {
    }

    private static Trained trained;

    private TinyNet() {
    }

    static synchronized Trained trained() {
        if (trained == null) {
            Dataset data = TeacherData.generate(ARCH.input(), 16, 3, 1200, 300, 5);
            try (Model model = Model.init(ARCH, 1)) {
                Trainer.attach(model, TrainConfig.defaults().withEpochs(15).withSeed(2)).fit(data.train());
                trained = new Trained(data, model.weights());
            }
        }
        return trained;
    }
}
