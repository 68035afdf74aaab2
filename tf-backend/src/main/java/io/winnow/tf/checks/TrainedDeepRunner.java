package io.winnow.tf.checks;

import io.vavr.collection.List;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.ModelWeights;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.report.DeepCase;
import io.winnow.proofs.report.DeepResult;
import io.winnow.proofs.report.DeepRunner;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.data.TeacherData;
import io.winnow.tf.model.Model;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import java.time.Duration;

/** The deep section's runner: trains a {@link DeepCase} briefly, then measures its {@link WidthCurve}. */
public final class TrainedDeepRunner implements DeepRunner {

    public static final TrainedDeepRunner INSTANCE = new TrainedDeepRunner();

    private TrainedDeepRunner() {
    }

    @Override
    public DeepResult run(DeepCase spec, long seed) {
        long start = System.nanoTime();
        Dataset data = data(spec, seed).withCalibration(spec.calibration(), seed);
        ModelWeights weights;
        Evaluation trained;
        try (Model model = Model.init(spec.arch(), seed)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(spec.epochs()).withSeed(seed)).fit(data.train());
            trained = model.evaluate(data.test());
            weights = model.weights();
        }
        long trainedAt = System.nanoTime();
        List<Theorem4Check.CurvePoint> curve = WidthCurve.of(spec.arch(), weights, data.calibration().get(),
                spec.ratios(), seed);
        return new DeepResult(spec, data.describe(), trained, curve, Duration.ofNanos(trainedAt - start),
                Duration.ofNanos(System.nanoTime() - trainedAt));
    }

    private static Dataset data(DeepCase spec, long seed) {
        if (spec.data() instanceof DeepCase.Teacher t) {
            return TeacherData.generate(spec.arch().input(), t.hidden(), t.classes(), t.train(), t.test(), seed);
        }
        return FashionMnist.embedded(); // the only other DeepCase.Data, EmbeddedFashionMnist

    }
}
