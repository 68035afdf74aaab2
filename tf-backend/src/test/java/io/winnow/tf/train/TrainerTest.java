package io.winnow.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.TeacherData;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Dataset VECTORS = TeacherData.generate(Shape.vector(8), 16, 4, 1024, 256, 11);
    private static final Architecture MLP = Architecture.builder("mlp-small", Shape.vector(8))
            .dense("fc1", 32).batchNorm("bn1").relu("relu1").dense("logits", 4).build();

    private static TrainConfig quick() {
        return TrainConfig.defaults().withEpochs(10).withBatchSize(64).withLearningRate(1e-2).withSeed(1);
    }

    @Test
    void adamReducesTheLossOnATeacherTask() {
        try (Model model = Model.init(MLP, 1)) {
            Evaluation before = model.evaluate(VECTORS.test());
            List<EpochStats> history = Trainer.attach(model, quick()).fit(VECTORS.train());
            Evaluation after = model.evaluate(VECTORS.test());
            assertThat(history.last().meanLoss()).isLessThan(history.head().meanLoss());
            assertThat(after.loss()).isLessThan(0.5 * before.loss());
            assertThat(after.accuracy()).isGreaterThan(0.8);
        }
    }

    @Test
    void nesterovSgdWithCosineScheduleAndDecayReducesTheLoss() {
        TrainConfig config = quick().withOptimizer(Optimizer.nesterov(0.9)).withLearningRate(0.05)
                .withSchedule(LrSchedule.cosine()).withWeightDecay(1e-4).withLabelSmoothing(0.1);
        try (Model model = Model.init(MLP, 1)) {
            double before = model.evaluate(VECTORS.test()).loss();
            Trainer.attach(model, config).fit(VECTORS.train());
            assertThat(model.evaluate(VECTORS.test()).loss()).isLessThan(0.6 * before);
        }
    }

    @Test
    void everyLayerKindTrainsWithoutMissingGradients() {
        Dataset images = TeacherData.generate(Shape.image(8, 8, 2), 16, 3, 256, 64, 5);
        Architecture.Builder b = Architecture.builder("tiny-resnet", Shape.image(8, 8, 2))
                .conv("stem", 4, 3).batchNorm("stem_bn").relu("stem_relu");
        b = Architectures.basicBlock(b, "block1", "stem_relu", 8, 2);
        Architecture arch = b.maxPool("pool", 2).avgPool("avg", 1).conv("head", 8, 1, 1, Padding.VALID)
                .globalAvgPool("gap").dense("logits", 3).build();
        try (Model model = Model.init(arch, 2)) {
            List<EpochStats> history = Trainer.attach(model, quick().withEpochs(4)).fit(images.train());
            assertThat(history.last().meanLoss()).isLessThan(history.head().meanLoss());
        }
    }

    @Test
    void clippingScalesTheWholeStepDownToTheBoundAndKeepsItsDirection() {
        Architecture plain = Architecture.builder("mlp-plain", Shape.vector(8))
                .dense("fc1", 32).relu("relu1").dense("logits", 4).build();
        Split train = VECTORS.train();
        // One full-batch step of plain SGD at rate 1: the change of the weights is minus the gradient.
        TrainConfig oneStep = quick().withEpochs(1).withBatchSize(train.size()).withLearningRate(1)
                .withOptimizer(new Optimizer.Sgd(0, false));
        java.util.Map<String, double[]> free = step(plain, train, oneStep);
        double norm = norm(free);
        double bound = norm / 4;
        java.util.Map<String, double[]> clipped = step(plain, train, oneStep.withClipNorm(bound));
        assertThat(norm(clipped)).isCloseTo(bound, org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(free.keySet()).isEqualTo(clipped.keySet());
        for (String name : free.keySet()) {
            double[] f = free.get(name);
            double[] c = clipped.get(name);
            for (int i = 0; i < f.length; i++) {
                assertThat(c[i]).as(name + "[" + i + "]").isCloseTo(f[i] / 4, org.assertj.core.data.Offset.offset(1e-5 * bound));
            }
        }
        // A bound above the gradient's norm leaves the step as it is.
        java.util.Map<String, double[]> loose = step(plain, train, oneStep.withClipNorm(10 * norm));
        for (String name : free.keySet()) {
            assertThat(loose.get(name)).as(name).containsExactly(free.get(name), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static double norm(java.util.Map<String, double[]> change) {
        return Math.sqrt(change.values().stream().flatMapToDouble(java.util.Arrays::stream).map(v -> v * v).sum());
    }

    /** The change of every trainable parameter over one fit, in double. */
    private static java.util.Map<String, double[]> step(Architecture arch, Split train, TrainConfig config) {
        try (Model model = Model.init(arch, 3)) {
            var before = model.weights();
            Trainer.attach(model, config).fit(train);
            var after = model.weights();
            java.util.Map<String, double[]> change = new java.util.TreeMap<>();
            before.layers().forEach((layer, params) -> params.forEach((param, values) -> {
                float[] b = values.values();
                float[] a = after.get(layer, param).values();
                double[] d = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    d[i] = (double) a[i] - b[i];
                }
                change.put(layer + "/" + param, d);
            }));
            return change;
        }
    }

    @Test
    void aNanLossStopsTrainingNamingEpochAndStep() {
        Split train = VECTORS.train();
        float[] x = train.x().clone();
        x[3] = Float.NaN;
        Split poisoned = new Split("train", train.sampleShape(), train.classes(), x, train.y());
        try (Model model = Model.init(MLP, 1)) {
            Trainer trainer = Trainer.attach(model, quick().withBatchSize(poisoned.size()));
            assertThatThrownBy(() -> trainer.fit(poisoned))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("epoch 1, step 1");
        }
    }

    @Test
    void distillationMovesTheStudentTowardsTheTeacher() {
        try (Model teacher = Model.init(MLP, 1); Model student = Model.init(MLP, 2)) {
            Trainer.attach(teacher, quick()).fit(VECTORS.train());
            FloatArray teacherLogits = teacher.logits(VECTORS.train());
            double before = meanSquaredGap(student.logits(VECTORS.train()), teacherLogits);
            Trainer.attach(student, quick().withDistillation(new Distillation(2.0, 1.0)))
                    .distil(VECTORS.train(), teacherLogits);
            assertThat(meanSquaredGap(student.logits(VECTORS.train()), teacherLogits)).isLessThan(0.5 * before);
        }
    }

    /** Plain SGD: Adam would blow rounding-noise gradients up to full-size steps. */
    @Test
    void theDistillationLossIsZeroWhenTheStudentIsTheTeacher() {
        Architecture noBatchNorm = Architecture.builder("plain", Shape.vector(8)).dense("fc1", 16).relu("r")
                .dense("logits", 4).build();
        try (Model teacher = Model.init(noBatchNorm, 5); Model student = Model.init(noBatchNorm, 5)) {
            FloatArray teacherLogits = teacher.logits(VECTORS.train());
            List<EpochStats> history = Trainer.attach(student, quick().withEpochs(1).withOptimizer(new Optimizer.Sgd(0, false))
                    .withDistillation(new Distillation(3.0, 1.0))).distil(VECTORS.train(), teacherLogits);
            assertThat(history.head().meanLoss()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    private static double meanSquaredGap(FloatArray a, FloatArray b) {
        double sum = 0;
        for (int i = 0; i < a.values().length; i++) {
            double d = a.values()[i] - b.values()[i];
            sum += d * d;
        }
        return sum / a.values().length;
    }

    @Test
    void aValidationSplitIsEvaluatedAfterEveryEpoch() {
        Dataset carved = VECTORS.withCalibration(200, 4);
        try (Model model = Model.init(MLP, 3)) {
            List<EpochStats> history = Trainer.attach(model, quick().withEpochs(3))
                    .fit(carved.train(), carved.calibration());
            assertThat(history).hasSize(3).allMatch(e -> e.validation().get().samples() == 200);
            assertThat(history.last().validation().get()).isEqualTo(model.evaluate(carved.calibration().get()));
        }
    }

    @Test
    void trainingTwiceOnTheSameModelKeepsImproving() {
        try (Model model = Model.init(MLP, 3)) {
            Trainer trainer = Trainer.attach(model, quick().withEpochs(2));
            double first = trainer.fit(VECTORS.train()).last().meanLoss();
            assertThat(trainer.fit(VECTORS.train()).last().meanLoss()).isLessThan(first);
        }
    }
}
