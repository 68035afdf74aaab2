package io.winnow.proofs.report;

import io.vavr.collection.List;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import java.time.Duration;

/** Runs one {@link DeepCase}: train, then {@link Theorem4Check#widthCurve} on the calibration split. */
final class DeepRunner {

    private DeepRunner() {
    }

    static DeepResult run(DeepCase spec, long seed) {
        long start = System.nanoTime();
        Dataset data = spec.data().apply(seed).withCalibration(spec.calibration(), seed);
        ModelWeights weights;
        Evaluation trained;
        try (Model model = Model.init(spec.arch(), seed)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(spec.epochs()).withSeed(seed)).fit(data.train());
            trained = model.evaluate(data.test());
            weights = model.weights();
        }
        long trainedAt = System.nanoTime();
        List<Theorem4Check.CurvePoint> curve = Theorem4Check.widthCurve(spec.arch(), weights, data.calibration().get(),
                spec.ratios(), seed);
        return new DeepResult(spec, data.describe(), trained, curve, Duration.ofNanos(trainedAt - start),
                Duration.ofNanos(System.nanoTime() - trainedAt));
    }
}
