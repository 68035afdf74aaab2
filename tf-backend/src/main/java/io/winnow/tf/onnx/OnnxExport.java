package io.winnow.tf.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.vavr.collection.Map;
import io.winnow.common.output.OutputMarker;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.BatchNormFolding;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A Winnow network as an ONNX model (opset {@value #OPSET}) that ONNX Runtime, PyTorch's importers
 * and other ONNX tools run: input {@value #INPUT} [batch, C, H, W] float32 (channels first, the batch
 * axis dynamic), output {@value #OUTPUT} [batch, classes], the classifier's logits without softmax
 * (softmax is monotone, so the predicted class is the largest logit; apply it to get probabilities).
 *
 * <p>Batch norm is folded into the layer before it first ({@link BatchNormFolding}); one that cannot
 * be folded is a BatchNormalization node with Winnow's epsilon. The backend is channels-last (NHWC)
 * and the export channels-first (NCHW), so kernels are transposed (conv HWIO to OIHW, depthwise
 * [k,k,C,1] to a Conv [C,1,k,k] with group C), and a flatten of an image is ONNX's channels-first
 * Flatten with the rows of the dense layers after it permuted from the backend's H, W, C order to
 * C, H, W, as a PyTorch export has them (so Winnow's importer and PyTorch tools read the file back;
 * where an add follows the flatten, a Transpose to NHWC before the Flatten keeps the order instead).
 * TensorFlow's
 * SAME padding becomes explicit pads computed from each layer's input size as TensorFlow does (the
 * odd pixel after, where the total is odd); SAME average pooling excludes the pad from the count, as
 * TensorFlow does. ReLU6 is Clip(0, 6) with its bounds as inputs (opset 13).
 *
 * <p>The bytes depend only on the network and weights (no map fields, fixed names), so two exports
 * of one model are identical.
 */
public final class OnnxExport {

    public static final int OPSET = 13;
    /** ONNX IR version 7 is the one that opset 13 came with. */
    public static final int IR_VERSION = 7;
    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    public static final String PRODUCER = OutputMarker.TOOL;

    private OnnxExport() {
    }

    /** The ONNX model of the network, with batch norm folded. */
    public static OnnxMl.ModelProto export(Architecture architecture, ModelWeights weights) {
        BatchNormFolding.Folded folded = BatchNormFolding.fold(architecture, weights);
        return new Writer(folded.architecture(), folded.weights()).model();
    }

    /** The serialized ONNX file. */
    public static byte[] bytes(Architecture architecture, ModelWeights weights) {
        return export(architecture, weights).toByteArray();
    }

    /**
     * Writes the ONNX file through Winnow's output rules: never over an input, a directory or a
     * file Winnow did not write; an existing Winnow export only with {@code force}; atomically.
     *
     * @return the number of bytes written
     */
    public static long write(Architecture architecture, ModelWeights weights, java.nio.file.Path file, boolean force,
                             java.util.Collection<java.nio.file.Path> inputs) {
        byte[] bytes = bytes(architecture, weights);
        try (io.winnow.common.output.FileTarget target = io.winnow.common.output.Outputs.claimFile(file,
                "an ONNX model", force, inputs, bytes.length, OnnxExport::writtenByWinnow)) {
            target.write(bytes);
        }
        return bytes.length;
    }

    /** Whether a file is an ONNX model Winnow wrote (its producer name): what {@code --force} may replace. */
    public static boolean writtenByWinnow(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.size(file) <= OnnxImport.MAX_BYTES
                    && writtenByWinnow(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether an ONNX file's bytes say Winnow wrote them (its producer name). */
    public static boolean writtenByWinnow(byte[] bytes) {
        try {
            return PRODUCER.equals(OnnxMl.ModelProto.parseFrom(bytes).getProducerName());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** Builds the graph layer by layer; every layer's output tensor is named after the layer. */
    private static final class Writer {
        private final Architecture arch;
        private final ModelWeights weights;
        private final Map<String, Shape> shapes;
        private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
        private final List<String> constants = new ArrayList<>();
        /**
         * For a vector that a channels-first Flatten made: feature j of the ONNX tensor is feature
         * order[j] of the backend's (absent where the two orders agree).
         */
        private final java.util.Map<String, int[]> order = new java.util.HashMap<>();

        Writer(Architecture arch, ModelWeights weights) {
            this.arch = arch;
            this.weights = weights;
            this.shapes = arch.shapes();
        }

        OnnxMl.ModelProto model() {
            graph.setName(arch.name());
            graph.addInput(valueInfo(INPUT, arch.input()));
            for (Layer layer : arch.layers()) {
                add(layer);
            }
            graph.addOutput(valueInfo(OUTPUT, new Shape.Vector(arch.classes())));
            return OnnxMl.ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setProducerName(PRODUCER)
                    .setProducerVersion(OutputMarker.of("onnx").version())
                    .setDocString("Winnow network " + arch.name() + ": input NCHW float32, output the classifier's "
                            + "logits (no softmax)")
                    .setGraph(graph)
                    .build();
        }

        /** The tensor a layer's output is called: the classifier's is the graph output. */
        private String tensor(String layer) {
            if (layer.equals(Architecture.INPUT)) {
                return INPUT;
            }
            if (layer.equals(arch.classifier().name())) {
                return OUTPUT;
            }
            return layer.equals(OUTPUT) || layer.equals(INPUT) ? "winnow/" + layer : layer;
        }

        private void add(Layer layer) {
            String in = tensor(layer.input());
            String out = tensor(layer.name());
            String name = layer.name();
            if (layer instanceof Layer.Dense) {
                // Gemm without transB reads B as [in, out]: the backend's dense kernel as it is.
                FloatArray kernel = weights.get(name, ModelWeights.KERNEL);
                int[] rows = order.get(layer.input());
                node("Gemm", name, List.of(in, initializer(name + "/weight", rows == null ? kernel : permuteRows(kernel, rows)),
                        initializer(name + "/bias", weights.get(name, ModelWeights.BIAS))), out);
            } else if (layer instanceof Layer.Conv2D c) {
                FloatArray hwio = weights.get(name, ModelWeights.KERNEL);
                OnnxMl.NodeProto.Builder node = node("Conv", name, List.of(in,
                        initializer(name + "/weight", hwioToOihw(hwio)),
                        initializer(name + "/bias", weights.get(name, ModelWeights.BIAS))), out);
                window(node, name, c.kernel(), c.stride(), c.padding(), layer.input());
            } else if (layer instanceof Layer.DepthwiseConv2D d) {
                FloatArray hwc1 = weights.get(name, ModelWeights.KERNEL);
                OnnxMl.NodeProto.Builder node = node("Conv", name, List.of(in,
                        initializer(name + "/weight", hwioToOihw(depthwiseAsGroups(hwc1))),
                        initializer(name + "/bias", weights.get(name, ModelWeights.BIAS))), out);
                window(node, name, d.kernel(), d.stride(), d.padding(), layer.input());
                node.addAttribute(integer("group", hwc1.dim(2)));
            } else if (layer instanceof Layer.BatchNorm) {
                inheritOrder(layer);
                OnnxMl.NodeProto.Builder node = node("BatchNormalization", name, List.of(in,
                        initializer(name + "/scale", ordered(layer, ModelWeights.GAMMA)),
                        initializer(name + "/bias", ordered(layer, ModelWeights.BETA)),
                        initializer(name + "/mean", ordered(layer, ModelWeights.MOVING_MEAN)),
                        initializer(name + "/var", ordered(layer, ModelWeights.MOVING_VARIANCE))), out);
                node.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("epsilon")
                        .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(ModelWeights.BN_EPSILON));
            } else if (layer instanceof Layer.ReLU) {
                node("Relu", name, List.of(in), out);
                inheritOrder(layer);
            } else if (layer instanceof Layer.ReLU6) {
                node("Clip", name, List.of(in, scalar("relu6/min", 0f), scalar("relu6/max", 6f)), out);
                inheritOrder(layer);
            } else if (layer instanceof Layer.MaxPool p) {
                window(node("MaxPool", name, List.of(in), out), name, p.size(), p.stride(), p.padding(), layer.input());
            } else if (layer instanceof Layer.AvgPool p) {
                OnnxMl.NodeProto.Builder node = node("AveragePool", name, List.of(in), out);
                window(node, name, p.size(), p.stride(), p.padding(), layer.input());
                node.addAttribute(integer("count_include_pad", 0));
            } else if (layer instanceof Layer.ZeroPad z) {
                // ONNX pads are [begin of each axis..., end of each axis...] over N, C, H, W.
                String pads = name + "/pads";
                graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(pads)
                        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(8)
                        .addAllInt64Data(List.of(0L, 0L, (long) z.top(), (long) z.left(), 0L, 0L, (long) z.bottom(),
                                (long) z.right())).build());
                node("Pad", name, List.of(in, pads), out);
                inheritOrder(layer);
            } else if (layer instanceof Layer.GlobalAvgPool) {
                node("GlobalAveragePool", name + "/pool", List.of(in), name + "/pool");
                node("Flatten", name, List.of(name + "/pool"), out).addAttribute(integer("axis", 1));
            } else if (layer instanceof Layer.Flatten) {
                if (shapes.get(layer.input()).get() instanceof Shape.Image image) {
                    if (rowsPermutable(name)) {
                        // ONNX flattens C, H, W; the layers after it were trained on H, W, C: the dense
                        // layers that read it get their rows permuted to match, as PyTorch's export has them.
                        node("Flatten", name, List.of(in), out).addAttribute(integer("axis", 1));
                        order.put(name, channelsFirstOrder(image));
                    } else {
                        node("Transpose", name + "/nhwc", List.of(in), name + "/nhwc")
                                .addAttribute(ints("perm", 0, 2, 3, 1));
                        node("Flatten", name, List.of(name + "/nhwc"), out).addAttribute(integer("axis", 1));
                    }
                } else {
                    node("Identity", name, List.of(in), out);
                    inheritOrder(layer);
                }
            } else if (layer instanceof Layer.Add a) {
                node("Add", name, List.of(in, tensor(a.other())), out);
            } else {
                throw new IllegalStateException("no ONNX form for layer " + name + " of kind " + layer.kind());
            }
        }

        /**
         * Whether the vector a flatten makes reaches dense layers only through element-wise layers
         * (ReLU, ReLU6, batch norm, a flatten of a vector), so permuting those dense layers' rows (and
         * the batch norms' entries) gives the exact network; an add would mix two orders.
         */
        private boolean rowsPermutable(String layer) {
            for (Layer consumer : arch.layers()) {
                if (!consumer.inputs().contains(layer)) {
                    continue;
                }
                boolean elementwise = consumer instanceof Layer.ReLU || consumer instanceof Layer.ReLU6
                        || consumer instanceof Layer.BatchNorm || consumer instanceof Layer.Flatten;
                if (!(consumer instanceof Layer.Dense) && !(elementwise && rowsPermutable(consumer.name()))) {
                    return false;
                }
            }
            return true;
        }

        private void inheritOrder(Layer layer) {
            int[] rows = order.get(layer.input());
            if (rows != null) {
                order.put(layer.name(), rows);
            }
        }

        /** A per-channel parameter in the order of the ONNX tensor it applies to. */
        private FloatArray ordered(Layer layer, String param) {
            FloatArray value = weights.get(layer.name(), param);
            int[] rows = order.get(layer.name());
            return rows == null ? value : new FloatArray(value.shape(),
                    permuteRows(new FloatArray(new long[] {value.dim(0), 1}, value.values()), rows).values());
        }

        /** kernel_shape, strides and TensorFlow's padding made explicit for this input size. */
        private void window(OnnxMl.NodeProto.Builder node, String layer, int kernel, int stride, Padding padding,
                            String input) {
            Shape.Image image = (Shape.Image) shapes.get(input).get();
            int[] rows = pads(image.height(), kernel, stride, padding);
            int[] cols = pads(image.width(), kernel, stride, padding);
            node.addAttribute(ints("kernel_shape", kernel, kernel))
                    .addAttribute(ints("strides", stride, stride))
                    .addAttribute(ints("pads", rows[0], cols[0], rows[1], cols[1]));
        }

        private OnnxMl.NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
            OnnxMl.NodeProto.Builder node = graph.addNodeBuilder().setOpType(op).setName(name).setDomain("");
            inputs.forEach(node::addInput);
            node.addOutput(output);
            return node;
        }

        private String initializer(String name, FloatArray value) {
            graph.addInitializer(tensorProto(name, value));
            return name;
        }

        /** A shared scalar constant, written once. */
        private String scalar(String name, float value) {
            if (!constants.contains(name)) {
                constants.add(name);
                graph.addInitializer(tensorProto(name, new FloatArray(new long[0], new float[] {value})));
            }
            return name;
        }
    }

    /**
     * TensorFlow's SAME padding along one axis (before, after): the total needed for ceil(in / stride)
     * windows, the smaller half before. VALID pads nothing.
     */
    static int[] pads(int in, int kernel, int stride, Padding padding) {
        if (padding == Padding.VALID) {
            return new int[] {0, 0};
        }
        int out = padding.outputSize(in, kernel, stride);
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** order[j] = the backend's (H, W, C) index of feature j of a channels-first (C, H, W) flatten. */
    static int[] channelsFirstOrder(Shape.Image image) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        int[] order = new int[h * w * c];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    order[(ch * h + y) * w + x] = (y * w + x) * c + ch;
                }
            }
        }
        return order;
    }

    /** Row j of the result is row rows[j] of a [features, units] matrix. */
    static FloatArray permuteRows(FloatArray matrix, int[] rows) {
        int units = (int) matrix.dim(1);
        float[] src = matrix.values();
        float[] dst = new float[src.length];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(src, rows[j] * units, dst, j * units, units);
        }
        return new FloatArray(matrix.shape(), dst);
    }

    /** [k, k, in, out] (HWIO) to [out, in, k, k] (OIHW). */
    static FloatArray hwioToOihw(FloatArray hwio) {
        int kh = (int) hwio.dim(0);
        int kw = (int) hwio.dim(1);
        int in = (int) hwio.dim(2);
        int out = (int) hwio.dim(3);
        float[] src = hwio.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return new FloatArray(new long[] {out, in, kh, kw}, dst);
    }

    /** A depthwise kernel [k, k, C, 1] read as C groups of one input and one output: HWIO [k, k, 1, C]. */
    static FloatArray depthwiseAsGroups(FloatArray hwc1) {
        return new FloatArray(new long[] {hwc1.dim(0), hwc1.dim(1), 1, hwc1.dim(2)}, hwc1.values());
    }

    private static OnnxMl.TensorProto tensorProto(String name, FloatArray value) {
        ByteBuffer raw = ByteBuffer.allocate(4 * value.values().length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(value.values());
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : value.shape()) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, Shape shape) {
        OnnxMl.TensorShapeProto.Builder dims = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        long[] rest = shape instanceof Shape.Image i
                ? new long[] {i.channels(), i.height(), i.width()}
                : new long[] {shape.units()};
        for (long d : rest) {
            dims.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(dims)))
                .build();
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
}
