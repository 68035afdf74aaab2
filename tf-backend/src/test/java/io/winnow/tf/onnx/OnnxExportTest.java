package io.winnow.tf.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exported ONNX files run in ONNX Runtime (the independent reference) and give Winnow's logits on
 * real images (the embedded Fashion-MNIST test split) to {@link #RELATIVE} of the largest logit.
 * Built-in networks get seeded weights with batch-norm statistics and biases drawn away from their
 * initial 0 and 1, so folding and every bias is exercised.
 */
class OnnxExportTest {

    static final double RELATIVE = 1e-4;
    static final int COMPARED = 256;

    private static Split batch;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        batch = FashionMnist.embedded().test().slice(0, COMPARED);
    }

    /** Seeded initial weights with every bias and batch-norm parameter drawn at random. */
    static ModelWeights randomized(Architecture arch, long seed) {
        ModelWeights w = ModelWeights.init(arch, seed);
        Random random = new Random(seed);
        for (var layer : w.layers()) {
            for (var param : layer._2) {
                String p = param._1;
                if (p.equals(ModelWeights.KERNEL)) {
                    continue;
                }
                float[] v = param._2.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (p) {
                        case ModelWeights.GAMMA -> 0.5f + random.nextFloat();
                        case ModelWeights.MOVING_VARIANCE -> 0.25f + 2 * random.nextFloat();
                        default -> (float) (0.2 * random.nextGaussian());
                    };
                }
                w = w.with(layer._1, p, new FloatArray(param._2.shape(), v));
            }
        }
        return w;
    }

    /** Largest |Winnow - ONNX Runtime| over the largest |logit| on the batch, for the exported file. */
    private double relativeError(String what, Architecture arch, ModelWeights weights, Path file) {
        float[] reference = OnnxRuntimeReference.logits(file, batch.x(), COMPARED, (Shape.Image) batch.sampleShape());
        float[] logits;
        try (Model model = Model.build(arch, weights)) {
            logits = model.logits(batch).values();
        }
        assertThat(reference).hasSize(logits.length);
        double scale = 0;
        double worst = 0;
        for (float v : logits) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < logits.length; i++) {
            worst = Math.max(worst, Math.abs(logits[i] - reference[i]) / scale);
        }
        System.out.printf("export %s: largest logit %.3f, max |winnow - onnxruntime| / largest = %.3g, %,d bytes%n",
                what, scale, worst, size(file));
        return worst;
    }

    private Path write(String name, Architecture arch, ModelWeights weights) throws IOException {
        Path file = dir.resolve(name + ".onnx");
        Files.write(file, OnnxExport.bytes(arch, weights));
        return file;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn", "vgg-small", "resnet-small", "mobilenetv2"})
    void aBuiltInNetworkExportedRunsInOnnxRuntimeWithWinnowsLogits(String name) throws IOException {
        Architecture arch = Architectures.byName(name).get();
        ModelWeights weights = randomized(arch, 3);
        assertThat(relativeError(name, arch, weights, write(name, arch, weights))).isLessThanOrEqualTo(RELATIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn.onnx", "residual.onnx", "mobilenetv2.onnx", "torchvision-resnet.onnx"})
    void anImportedFixtureExportedAgainRunsInOnnxRuntimeWithWinnowsLogits(String fixture) throws IOException {
        OnnxImport.Imported imported = OnnxImport.read(OnnxImportTest.fixture(fixture));
        Path file = write("re-" + fixture, imported.architecture(), imported.weights());
        assertThat(relativeError(fixture, imported.architecture(), imported.weights(), file))
                .isLessThanOrEqualTo(RELATIVE);
    }

    /**
     * SAME windows whose pad is odd (the extra pixel goes after, as in TensorFlow), strided pools
     * with SAME padding (average pooling excludes the pad from the count) and a VALID pool that
     * drops the last row.
     */
    @Test
    void asymmetricSamePaddingAndSamePoolsMatchTensorFlow() throws IOException {
        Architecture arch = new Architecture("windows", Architectures.MNIST, List.of(
                new Layer.Conv2D("conv1", Architecture.INPUT, 6, 4, 1, Padding.SAME),
                new Layer.MaxPool("max", "conv1", 3, 2, Padding.SAME),
                new Layer.Conv2D("conv2", "max", 5, 3, 1, Padding.VALID),
                new Layer.AvgPool("avg", "conv2", 3, 2, Padding.SAME),
                new Layer.DepthwiseConv2D("dw", "avg", 3, 2, Padding.SAME),
                new Layer.AvgPool("avg2", "dw", 2, 1, Padding.VALID),
                new Layer.Flatten("flatten", "avg2"),
                new Layer.Dense("logits", "flatten", 10)));
        ModelWeights weights = randomized(arch, 5);
        assertThat(relativeError("windows", arch, weights, write("windows", arch, weights)))
                .isLessThanOrEqualTo(RELATIVE);
    }

    /**
     * A flatten read through a batch norm and ReLU (rows and batch-norm entries permuted to ONNX's
     * order) and one read by an add (kept in the backend's order by a Transpose).
     */
    @Test
    void flattenedImagesKeepTheirFeatureOrderWhateverReadsThem() throws IOException {
        Architecture arch = new Architecture("flattens", Architectures.MNIST, List.of(
                new Layer.Conv2D("conv", Architecture.INPUT, 3, 3, 2, Padding.SAME),
                new Layer.Flatten("flat", "conv"),
                new Layer.BatchNorm("bn", "flat"),
                new Layer.ReLU("relu", "bn"),
                new Layer.Dense("fc", "relu", 12),
                new Layer.Flatten("flat_a", "conv"),
                new Layer.Flatten("flat_b", "conv"),
                new Layer.Add("sum", "flat_a", "flat_b"),
                new Layer.Dense("fc2", "sum", 12),
                new Layer.Add("both", "fc", "fc2"),
                new Layer.Dense("logits", "both", 10)));
        ModelWeights weights = randomized(arch, 6);
        Path file = write("flattens", arch, weights);
        assertThat(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList())
                .extracting(OnnxMl.NodeProto::getOpType).contains("Transpose", "BatchNormalization");
        assertThat(relativeError("flattens", arch, weights, file)).isLessThanOrEqualTo(RELATIVE);
    }

    @Test
    void samePaddingSplitsTheTotalAsTensorFlowDoes() {
        assertThat(OnnxExport.pads(28, 3, 2, Padding.SAME)).containsExactly(0, 1);
        assertThat(OnnxExport.pads(27, 3, 2, Padding.SAME)).containsExactly(1, 1);
        assertThat(OnnxExport.pads(28, 5, 1, Padding.SAME)).containsExactly(2, 2);
        assertThat(OnnxExport.pads(28, 4, 1, Padding.SAME)).containsExactly(1, 2);
        assertThat(OnnxExport.pads(7, 1, 2, Padding.SAME)).containsExactly(0, 0);
        assertThat(OnnxExport.pads(28, 5, 1, Padding.VALID)).containsExactly(0, 0);
    }

    /**
     * A cnn pruned by surgery (half of conv1, a quarter of conv2 and fc1, with multipliers) runs in
     * ONNX Runtime with the pruned model's logits, and its file is smaller in proportion to its
     * parameters: both files are 4 bytes per parameter of the folded network plus a few KiB of graph.
     */
    @Test
    void aPrunedModelExportsToAFileSmallerInProportionToItsParameters() throws IOException {
        Architecture arch = Architectures.byName("cnn").get();
        ModelWeights weights = randomized(arch, 9);
        Surgery.Pruned pruned = new Surgery.Pruned(arch, weights);
        int[][] keepEvery = {{2, 0}, {4, 1}, {4, 3}};
        int g = 0;
        for (String layer : List.of("conv1", "conv2", "fc1")) {
            ChannelGroup group = pruned.architecture().groupOf(layer);
            int step = keepEvery[g][0];
            int offset = keepEvery[g][1];
            int[] kept = java.util.stream.IntStream.range(0, group.width()).filter(i -> i % step == offset).toArray();
            double[] multipliers = java.util.Arrays.stream(kept).mapToDouble(i -> 0.5 + (i % 3) * 0.25).toArray();
            pruned = Surgery.prune(pruned.architecture(), pruned.weights(), group, kept, multipliers);
            g++;
        }
        Path full = write("cnn", arch, weights);
        Path small = write("cnn-pruned", pruned.architecture(), pruned.weights());
        assertThat(relativeError("cnn pruned", pruned.architecture(), pruned.weights(), small))
                .isLessThanOrEqualTo(RELATIVE);

        long fullParams = foldedParams(arch, weights);
        long smallParams = foldedParams(pruned.architecture(), pruned.weights());
        System.out.printf("cnn: %,d bytes for %,d parameters; pruned: %,d bytes for %,d parameters%n",
                size(full), fullParams, size(small), smallParams);
        assertThat(size(full) - 4 * fullParams).isBetween(0L, 8_192L);
        assertThat(size(small) - 4 * smallParams).isBetween(0L, 8_192L);
        assertThat((double) size(small) / size(full))
                .isCloseTo((double) smallParams / fullParams, org.assertj.core.data.Offset.offset(0.01));
    }

    private static long foldedParams(Architecture arch, ModelWeights weights) {
        return io.winnow.engine.model.BatchNormFolding.fold(arch, weights).weights().paramCount() + 2;
    }

    @Test
    void theFileDeclaresOpset13ADynamicBatchOfNchwInputsAndLogitsOut() throws IOException, OrtException {
        Architecture arch = Architectures.byName("cnn").get();
        Path file = write("cnn", arch, randomized(arch, 1));
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(model.getOpsetImportList()).extracting(OnnxMl.OperatorSetIdProto::getVersion).containsExactly(13L);
        assertThat(model.getProducerName()).isEqualTo("winnow");
        assertThat(model.getGraph().getNodeList()).extracting(OnnxMl.NodeProto::getOpType)
                .doesNotContain("BatchNormalization", "Softmax");
        var input = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertThat(input.get(0).getDimParam()).isEqualTo("batch");
        assertThat(input.subList(1, 4)).extracting(OnnxMl.TensorShapeProto.Dimension::getDimValue)
                .containsExactly(1L, 28L, 28L);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString())) {
            assertThat(session.getInputNames()).containsExactly("input");
            assertThat(session.getOutputNames()).containsExactly("logits");
        }
    }

    @Test
    void exportingTheSameModelTwiceGivesTheSameBytes() {
        Architecture arch = Architectures.byName("resnet-small").get();
        ModelWeights weights = randomized(arch, 2);
        assertThat(OnnxExport.bytes(arch, weights)).isEqualTo(OnnxExport.bytes(arch, weights));
        assertThat(OnnxExport.writtenByWinnow(OnnxExport.bytes(arch, weights))).isTrue();
    }

    @Test
    void aPyTorchExportIsNotTakenForWinnowsOwn() throws IOException {
        assertThat(OnnxExport.writtenByWinnow(Files.readAllBytes(OnnxImportTest.fixture("small-cnn.onnx")))).isFalse();
        assertThat(OnnxExport.writtenByWinnow("not onnx".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
    }
}
