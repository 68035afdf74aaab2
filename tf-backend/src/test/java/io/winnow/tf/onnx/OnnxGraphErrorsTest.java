package io.winnow.tf.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small graphs built with the ONNX protobuf classes: one with Gemm's alpha, beta and untransposed
 * weight, a Clip(0, inf) and a grouped channel count, checked against ONNX Runtime; and each thing the
 * importer refuses, with its message.
 */
class OnnxGraphErrorsTest {

    @TempDir
    Path tmp;

    private static final SplittableRandom RANDOM = new SplittableRandom(3);

    private static OnnxMl.TensorProto tensor(String name, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (int i = 0; i < n; i++) {
            t.addFloatData((float) RANDOM.nextDouble(-1, 1));
        }
        return t.build();
    }

    private static OnnxMl.TensorProto scalar(String name, float v) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(v).build();
    }

    private static OnnxMl.NodeProto.Builder node(String op, String name, String output, String... inputs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    private static OnnxMl.AttributeProto real(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    private static OnnxMl.ValueInfoProto info(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    /** input [n, 4, 5, 5] -> conv 3x3 (group g) -> clip(min, max) -> flatten -> gemm -> last. */
    private Path model(String name, long group, float clipMax, boolean reluLast, int opset) throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("g")
                .addInput(info("x", 4, 5, 5))
                .addInitializer(tensor("w", 6, 4 / group, 3, 3)).addInitializer(tensor("b", 6))
                .addInitializer(scalar("lo", 0)).addInitializer(tensor("fc", 6 * 25, 3)).addInitializer(tensor("fcb", 3))
                .addNode(node("Conv", "conv", "c", "x", "w", "b").addAttribute(ints("pads", 1, 1, 1, 1))
                        .addAttribute(integer("group", group)).addAttribute(ints("kernel_shape", 3, 3)));
        if (Float.isInfinite(clipMax)) {
            g.addNode(node("Clip", "clip", "r", "c", "lo"));
        } else {
            g.addInitializer(scalar("hi", clipMax)).addNode(node("Clip", "clip", "r", "c", "lo", "hi"));
        }
        g.addNode(node("Flatten", "flat", "f", "r"))
                .addNode(node("Gemm", "gemm", "y", "f", "fc", "fcb").addAttribute(real("alpha", 0.5f))
                        .addAttribute(real("beta", 2f)));
        String output = "y";
        if (reluLast) {
            g.addNode(node("Relu", "last_relu", "z", "y"));
            output = "z";
        }
        g.addOutput(info(output, 3));
        OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
        return Files.write(tmp.resolve(name + ".onnx"), m.toByteArray());
    }

    @Test
    void aHandBuiltGraphWithGemmScalingAndAnOpenClipComputesOnnxRuntimesLogits() throws IOException {
        Path file = model("ok", 1, Float.POSITIVE_INFINITY, false, 13);
        OnnxImport.Imported imported = OnnxImport.read(file);
        int n = 4;
        float[] x = new float[n * 5 * 5 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) RANDOM.nextDouble(-1, 1);
        }
        float[] reference = OnnxRuntimeReference.logits(file, x, n, (Shape.Image) Shape.image(5, 5, 4));
        float[] logits;
        try (Model model = Model.build(imported.architecture(), imported.weights())) {
            logits = model.logits(x, n).values();
        }
        double scale = 0;
        for (float v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < reference.length; i++) {
            assertThat((double) logits[i]).isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-4 * scale));
        }
    }

    @Test
    void anOutputThatIsNotAFullyConnectedLayerIsRefused() throws IOException {
        assertThatThrownBy(() -> OnnxImport.read(model("relu", 1, 6, true, 13)))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("computed by Relu node last_relu")
                .hasMessageContaining("fully connected classifier (Gemm, or MatMul then Add)");
    }

    @Test
    void aClipOtherThanReluOrRelu6IsRefused() throws IOException {
        assertThatThrownBy(() -> OnnxImport.read(model("clip5", 1, 5, false, 13)))
                .hasMessageContaining("Clip node clip clips to [0.0, 5.0]")
                .hasMessageContaining("Clip(0, 6) as ReLU6");
    }

    @Test
    void aGroupedConvolutionThatIsNotDepthwiseIsRefused() throws IOException {
        assertThatThrownBy(() -> OnnxImport.read(model("grouped", 2, 6, false, 13)))
                .hasMessageContaining("Conv node conv is a grouped convolution (group 2");
    }

    @Test
    void anOpsetOutsideElevenToSeventeenIsRefused() throws IOException {
        assertThatThrownBy(() -> OnnxImport.read(model("old", 1, 6, false, 9)))
                .hasMessageContaining("opset 9; Winnow imports opsets 11 to 17");
    }
}
