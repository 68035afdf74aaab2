package io.winnow.tf.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.data.FashionMnist;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Model;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch-exported fixtures (tools/fixtures/make_onnx_fixtures.py) imported: the logits equal
 * ONNX Runtime's on the same test images to {@link #RELATIVE} of the largest logit, and the accuracy
 * on the embedded test split is PyTorch's recorded one to within {@link #ACCURACY_SAMPLES} samples
 * (float32 sums in another order may flip a near tie).
 */
class OnnxImportTest {

    static final double RELATIVE = 1e-4;
    static final int ACCURACY_SAMPLES = 2;
    static final int COMPARED = 256;

    private static Split test;
    private static JsonNode recorded;

    @BeforeAll
    static void load() throws IOException {
        test = FashionMnist.embedded().test();
        recorded = new ObjectMapper().readTree(fixture("accuracy.json").toFile());
    }

    static Path fixture(String name) {
        try {
            return Path.of(OnnxImportTest.class.getResource("/io/winnow/tf/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn.onnx", "residual.onnx", "mobilenetv2.onnx", "torchvision-resnet.onnx"})
    void theImportedModelComputesOnnxRuntimesLogits(String name) {
        Path file = fixture(name);
        OnnxImport.Imported imported = OnnxImport.read(file);
        Split batch = test.slice(0, COMPARED);
        float[] reference = OnnxRuntimeReference.logits(file, batch.x(), COMPARED, (Shape.Image) batch.sampleShape());
        float[] logits;
        try (Model model = Model.build(imported.architecture(), imported.weights())) {
            logits = model.logits(batch).values();
        }
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        for (int i = 0; i < reference.length; i++) {
            worst = Math.max(worst, Math.abs(logits[i] - reference[i]) / scale);
        }
        System.out.printf("%s: largest logit %.3f, max |winnow - onnxruntime| / largest = %.3g%n", name, scale, worst);
        assertThat(logits).hasSize(reference.length);
        assertThat(worst).isLessThanOrEqualTo(RELATIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn.onnx", "residual.onnx", "mobilenetv2.onnx", "torchvision-resnet.onnx"})
    void theImportedModelHasPyTorchsTestAccuracy(String name) {
        OnnxImport.Imported imported = OnnxImport.read(fixture(name));
        int pytorch = recorded.path("models").path(name).path("test_correct").asInt(-1);
        assertThat(pytorch).isPositive();
        int correct;
        try (Model model = Model.build(imported.architecture(), imported.weights())) {
            correct = (int) Math.round(model.evaluate(test).accuracy() * test.size());
        }
        System.out.printf("%s: winnow %d / %d correct, pytorch %d%n", name, correct, test.size(), pytorch);
        assertThat(correct).isBetween(pytorch - ACCURACY_SAMPLES, pytorch + ACCURACY_SAMPLES);
    }

    @Test
    void theMobileNetImportsDepthwiseConvolutionsAndRelu6() {
        var arch = OnnxImport.read(fixture("mobilenetv2.onnx")).architecture();
        assertThat(arch.layers().filter(l -> l instanceof Layer.DepthwiseConv2D)).hasSize(3);
        assertThat(arch.layers().filter(l -> l instanceof Layer.ReLU6)).isNotEmpty();
        assertThat(arch.layers().filter(l -> l instanceof Layer.Add)).hasSize(2);
        assertThat(arch.classifier().name()).isEqualTo("logits");
        assertThat(arch.input()).isEqualTo(Shape.image(28, 28, 1));
    }

    @Test
    void aModelWithAGruIsRefusedListingEveryUnsupportedOpType() {
        assertThatThrownBy(() -> OnnxImport.read(fixture("gru.onnx")))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("unsupported ONNX op types: ")
                .hasMessageContaining("GRU (first node ")
                .hasMessageContaining("Shape (first node ")
                .hasMessageContaining("Transpose (first node ")
                .hasMessageContaining("Winnow imports Conv, Gemm, MatMul");
    }
}
