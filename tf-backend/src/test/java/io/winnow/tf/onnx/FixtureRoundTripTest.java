package io.winnow.tf.onnx;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.PruneResult;
import io.winnow.Winnow;
import io.winnow.WinnowModel;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's round trip for every PyTorch fixture, as a user runs it: import the .onnx, prune to half
 * the FLOPs with the recipe docs/models.md gives for imported models, finetune, export ONNX, and serve
 * the file in ONNX Runtime at the accuracy Winnow reported.
 */
class FixtureRoundTripTest {

    private static final Recipe IMPORTED = localImitation().optimizeGamma().select(flops(0.5)).calibration(512)
            .finetune(1, lr(0.01), distill(4.0), clip(1.0)).seed(1);

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn.onnx", "residual.onnx", "mobilenetv2.onnx", "torchvision-resnet.onnx"})
    void aPyTorchFixturePrunedToHalfItsFlopsServesInOnnxRuntimeAtTheAccuracyWinnowReported(String fixture,
                                                                                           @TempDir Path dir) {
        WinnowModel model = WinnowModel.load(OnnxImportTest.fixture(fixture));
        Dataset data = FashionMnist.embedded();
        PruneResult result = Winnow.prune(IMPORTED, model, data);

        double flops = (double) result.architecture().totalFlops() / model.architecture().totalFlops();
        double reported = result.run().afterFinetune().get().accuracy();
        double original = result.run().original().accuracy();
        System.out.printf("%s: %.2f%% -> %.2f%% at %.1f%% FLOPs%n", fixture, 100 * original, 100 * reported, 100 * flops);
        // Never above the budget; "about half": small-cnn's three narrow layers leave the most unused (38.8 %).
        assertThat(flops).as("FLOPs kept").isBetween(0.35, 0.50);
        // Well above chance (10 classes) and within 15 points of the original: the finetune recovered.
        assertThat(reported).as("accuracy after finetune").isGreaterThan(original - 0.15);

        Path onnx = dir.resolve("pruned.onnx");
        result.exportOnnx(onnx);
        Split test = data.test();
        float[] logits = OnnxRuntimeReference.logits(onnx, test.x(), test.size(), (Shape.Image) test.sampleShape());
        int correct = (int) Math.round(Evaluation.of(test.name(), logits, test.y(), logits.length / test.size())
                .accuracy() * test.size());
        System.out.printf("%s: ONNX Runtime %d of %d correct, Winnow reported %d%n", fixture, correct, test.size(),
                Math.round(reported * test.size()));
        // Two runtimes sum in different orders: a sample whose two best logits tie to float precision
        // may go either way, so one sample of slack, no more.
        assertThat(Math.abs(correct - Math.round(reported * test.size()))).as("ONNX Runtime vs Winnow, samples").isLessThanOrEqualTo(1);
    }
}
