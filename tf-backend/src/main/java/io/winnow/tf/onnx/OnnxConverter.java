package io.winnow.tf.onnx;

import ai.onnx.proto.OnnxMl;
import io.vavr.collection.LinkedHashMap;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Forward;
import io.winnow.engine.model.ModelWeights;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Converts an {@link OnnxGraph} node by node into Winnow layers and their weights, tracking each
 * tensor's shape in the backend's channels-last layout. Layers are named by kind and number (conv1,
 * dwconv1, bn1, relu1, fc1, ...), the classifier {@code logits}, so recipes written for the built-ins
 * ({@code layers("conv*")}) read the same on an imported model.
 */
final class OnnxConverter {

    /**
     * What a tensor is in Winnow: the layer whose output it is, and its shape.
     *
     * @param flattened the image a Flatten turned into this vector (its features are in H, W, C
     *                  order where ONNX has them in C, H, W order), or null
     * @param pooled    a global average pool's output, [N, C, 1, 1] in ONNX and a vector here
     */
    private record Value(String layer, Shape shape, Shape.Image flattened, boolean pooled) {
        Value alias(Shape newShape, Shape.Image newFlattened, boolean newPooled) {
            return new Value(layer, newShape, newFlattened, newPooled);
        }

        Value withLayer(String newLayer) {
            return new Value(newLayer, shape, flattened, pooled);
        }
    }

    private final OnnxGraph graph;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<Integer> fused = new HashSet<>();
    private final Set<Integer> tail = new HashSet<>();
    private final int classifier;
    private io.vavr.collection.List<Layer> layers = io.vavr.collection.List.empty();
    private ModelWeights weights = new ModelWeights(LinkedHashMap.empty());

    OnnxConverter(OnnxGraph graph) {
        this.graph = graph;
        this.classifier = findClassifier();
    }

    OnnxImport.Imported convert(String name) {
        Shape input = inputShape();
        values.put(graph.input.getName(), new Value(Architecture.INPUT, input, null, false));
        Set<Integer> live = graph.live();
        for (int i = 0; i < graph.nodes.size(); i++) {
            if (live.contains(i) && !fused.contains(i)) {
                node(i, graph.nodes.get(i));
            }
        }
        Architecture arch;
        try {
            arch = new Architecture(name, input, layers);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(graph.source + ": the imported network is not a valid Winnow network: "
                    + e.getMessage(), e);
        }
        var problems = weights.problems(arch);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(graph.source + ": imported weights do not fit: " + problems.mkString("; "));
        }
        return new OnnxImport.Imported(arch, weights);
    }

    /** The Gemm or MatMul node whose output, through an optional bias Add, Softmax, LogSoftmax, Identity or Dropout, is the graph's. */
    private int findClassifier() {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < graph.nodes.size(); i++) {
            for (String out : graph.nodes.get(i).getOutputList()) {
                producer.put(out, i);
            }
        }
        String tensor = graph.output;
        while (true) {
            Integer p = producer.get(tensor);
            if (p == null) {
                throw new OnnxImportException(graph.source + ": the graph output " + tensor + " is not computed by any node");
            }
            OnnxMl.NodeProto node = graph.nodes.get(p);
            String op = node.getOpType();
            if (op.equals("Gemm") || op.equals("MatMul")) {
                return p;
            }
            boolean passThrough = op.equals("Softmax") || op.equals("LogSoftmax") || op.equals("Identity") || op.equals("Dropout");
            boolean bias = op.equals("Add") && node.getInputCount() == 2 && producer.containsKey(node.getInput(0))
                    && graph.nodes.get(producer.get(node.getInput(0))).getOpType().equals("MatMul")
                    && graph.constants.containsKey(node.getInput(1));
            if (!passThrough && !bias) {
                throw new OnnxImportException(graph.source + ": the output " + graph.output + " is computed by "
                        + op + " node " + OnnxGraph.name(node) + "; Winnow needs the last layer to be a fully connected "
                        + "classifier (Gemm, or MatMul then Add) whose outputs are the logits, optionally followed by "
                        + "Softmax or LogSoftmax (Winnow applies softmax itself)");
            }
            tail.add(p);
            tensor = node.getInput(0);
        }
    }

    private Shape inputShape() {
        OnnxMl.ValueInfoProto in = graph.input;
        String what = graph.source + ": input " + in.getName();
        if (!in.getType().hasTensorType()) {
            throw new OnnxImportException(what + " is not a tensor");
        }
        OnnxMl.TypeProto.Tensor t = in.getType().getTensorType();
        if (t.getElemType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxImportException(what + " has element type "
                    + OnnxMl.TensorProto.DataType.forNumber(t.getElemType()) + "; Winnow imports float32 inputs");
        }
        var dims = t.getShape().getDimList();
        long[] sizes = new long[dims.size()];
        for (int i = 1; i < sizes.length; i++) {
            if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() < 1) {
                throw new OnnxImportException(what + ": dimension " + i + " is " + dims.get(i).getDimParam()
                        + "; only the batch (first) dimension may be dynamic");
            }
            sizes[i] = dims.get(i).getDimValue();
        }
        try {
            if (sizes.length == 4) {
                return Shape.image(Math.toIntExact(sizes[2]), Math.toIntExact(sizes[3]), Math.toIntExact(sizes[1]));
            }
            if (sizes.length == 2) {
                return Shape.vector(Math.toIntExact(sizes[1]));
            }
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new OnnxImportException(what + ": " + e.getMessage(), e);
        }
        throw new OnnxImportException(what + " has rank " + sizes.length + "; Winnow imports images (batch, channels, "
                + "height, width) and vectors (batch, features)");
    }

    private void node(int index, OnnxMl.NodeProto node) {
        switch (node.getOpType()) {
            case "Constant" -> {
            }
            case "Identity" -> values.put(node.getOutput(0), value(node, 0));
            case "Dropout" -> {
                onlyFirstOutputUsed(node);
                values.put(node.getOutput(0), value(node, 0));
            }
            case "Softmax", "LogSoftmax" -> {
                if (!tail.contains(index)) {
                    throw error(node, "is supported only after the classifier, as the model's output (Winnow "
                            + "applies softmax to the logits itself)");
                }
                values.put(node.getOutput(0), value(node, 0));
            }
            case "Conv" -> conv(node);
            case "Gemm" -> gemm(index, node);
            case "MatMul" -> matMul(index, node);
            case "Add" -> add(node);
            case "BatchNormalization" -> batchNorm(node);
            case "Relu" -> activation(node, new Layer.ReLU(name("relu"), value(node, 0).layer()));
            case "Clip" -> clip(node);
            case "MaxPool", "AveragePool" -> pool(node);
            case "GlobalAveragePool" -> {
                Value x = image(node);
                Shape out = Shape.vector(x.shape().units());
                values.put(node.getOutput(0), new Value(append(new Layer.GlobalAvgPool(name("gap"), x.layer())), out, null, true));
            }
            case "Flatten" -> {
                long axis = OnnxGraph.integer(node, "axis", 1);
                if (axis != 1) {
                    throw error(node, "flattens from axis " + axis + "; Winnow imports Flatten(axis=1) only");
                }
                flatten(node, value(node, 0));
            }
            case "Reshape" -> reshape(node);
            case "Pad" -> pad(node);
            default -> throw error(node, "is not supported");
        }
    }

    private void conv(OnnxMl.NodeProto node) {
        Value x = image(node);
        Shape.Image in = (Shape.Image) x.shape();
        OnnxTensor w = constant(node, 1, "weight");
        if (w.dims().length != 4) {
            throw error(node, "has a " + w.dims().length + "-D weight; Winnow imports 2-D convolutions");
        }
        int out = (int) w.dims()[0];
        int k = square(node, (int) w.dims()[2], (int) w.dims()[3], "kernel");
        long group = OnnxGraph.integer(node, "group", 1);
        long[] dilations = OnnxGraph.integers(node, "dilations");
        if (dilations != null && (dilations[0] != 1 || dilations[1] != 1)) {
            throw error(node, "has dilations " + java.util.Arrays.toString(dilations) + "; Winnow imports dilation 1 only");
        }
        int stride = stride(node);
        OnnxWindow.Fit fit = OnnxWindow.fit(where(node), new int[] {in.height(), in.width()}, k, stride,
                OnnxGraph.integers(node, "pads"), OnnxGraph.text(node, "auto_pad", "NOTSET"), false, false, true, "");
        Padding padding = fit.padding();
        x = padded(x, fit);
        in = (Shape.Image) x.shape();
        String biasName = OnnxGraph.inputOrNull(node, 2);
        float[] bias = biasName == null ? new float[out] : constant(node, 2, "bias").floats();
        Layer layer;
        FloatArray kernel;
        if (group == 1 && w.dims()[1] == in.channels()) {
            layer = new Layer.Conv2D(name("conv"), x.layer(), out, k, stride, padding);
            kernel = NchwToNhwc.convKernel(w.floats(), out, in.channels(), k);
        } else if (group == in.channels() && out == in.channels() && w.dims()[1] == 1) {
            layer = new Layer.DepthwiseConv2D(name("dwconv"), x.layer(), k, stride, padding);
            kernel = NchwToNhwc.depthwiseKernel(w.floats(), out, k);
        } else {
            throw error(node, "is a grouped convolution (group " + group + ", " + in.channels() + " input and " + out
                    + " output channels); Winnow imports ordinary (group 1) and depthwise (group = channels, one "
                    + "filter per channel) convolutions");
        }
        weights = weights.with(layer.name(), ModelWeights.KERNEL, kernel)
                .with(layer.name(), ModelWeights.BIAS, new FloatArray(new long[] {bias.length}, bias.clone()));
        Shape shape = Shape.image(padding.outputSize(in.height(), k, stride), padding.outputSize(in.width(), k, stride),
                layer instanceof Layer.Conv2D ? out : in.channels());
        values.put(node.getOutput(0), new Value(append(layer), shape, null, false));
    }

    private void gemm(int index, OnnxMl.NodeProto node) {
        if (OnnxGraph.integer(node, "transA", 0) != 0) {
            throw error(node, "transposes its input (transA=1); Winnow imports x * W layers only");
        }
        OnnxTensor b = constant(node, 1, "weight");
        if (b.dims().length != 2) {
            throw error(node, "has a " + b.dims().length + "-D weight; expected a matrix");
        }
        boolean transB = OnnxGraph.integer(node, "transB", 0) != 0;
        int features = (int) b.dims()[transB ? 1 : 0];
        int units = (int) b.dims()[transB ? 0 : 1];
        float alpha = OnnxGraph.real(node, "alpha", 1f);
        float beta = OnnxGraph.real(node, "beta", 1f);
        float[] rows = new float[features * units];
        for (int f = 0; f < features; f++) {
            for (int u = 0; u < units; u++) {
                rows[f * units + u] = alpha * b.floats()[transB ? u * features + f : f * units + u];
            }
        }
        float[] bias = new float[units];
        if (OnnxGraph.inputOrNull(node, 2) != null) {
            float[] c = broadcastBias(node, constant(node, 2, "bias"), units);
            for (int u = 0; u < units; u++) {
                bias[u] = beta * c[u];
            }
        }
        dense(index, node, rows, features, units, bias, node.getOutput(0));
    }

    private void matMul(int index, OnnxMl.NodeProto node) {
        OnnxTensor b = constant(node, 1, "weight");
        if (b.dims().length != 2) {
            throw error(node, "multiplies by a " + b.dims().length + "-D constant; expected a matrix");
        }
        int features = (int) b.dims()[0];
        int units = (int) b.dims()[1];
        float[] bias = new float[units];
        String output = node.getOutput(0);
        var readers = graph.readers(output);
        if (readers.size() == 1 && !output.equals(graph.output)) {
            OnnxMl.NodeProto next = graph.nodes.get(readers.get(0));
            if (next.getOpType().equals("Add") && next.getInputCount() == 2) {
                String other = next.getInput(0).equals(output) ? next.getInput(1) : next.getInput(0);
                OnnxTensor c = graph.constants.get(other);
                if (c != null) {
                    bias = broadcastBias(next, c, units);
                    fused.add(readers.get(0));
                    output = next.getOutput(0);
                }
            }
        }
        dense(index, node, b.floats(), features, units, bias, output);
    }

    private void dense(int index, OnnxMl.NodeProto node, float[] rows, int features, int units, float[] bias, String output) {
        Value x = value(node, 0);
        if (x.shape() instanceof Shape.Image) {
            throw error(node, "reads an image " + x.shape() + "; flatten it first (torch.flatten(x, 1))");
        }
        if (x.shape().size() != features) {
            throw error(node, "expects " + features + " input features, its input has " + x.shape().size());
        }
        String name = index == classifier ? "logits" : name("fc");
        weights = weights.with(name, ModelWeights.KERNEL, NchwToNhwc.denseRows(rows, features, units, x.flattened()))
                .with(name, ModelWeights.BIAS, new FloatArray(new long[] {units}, bias));
        values.put(output, new Value(append(new Layer.Dense(name, x.layer(), units)), Shape.vector(units), null, false));
    }

    private float[] broadcastBias(OnnxMl.NodeProto node, OnnxTensor c, int units) {
        if (c.size() == units) {
            return c.floats().clone();
        }
        if (c.size() == 1) {
            float[] v = new float[units];
            java.util.Arrays.fill(v, c.floats()[0]);
            return v;
        }
        throw error(node, "adds a bias of " + c.size() + " values to " + units + " units");
    }

    private void add(OnnxMl.NodeProto node) {
        for (int i = 0; i < 2; i++) {
            if (graph.constants.containsKey(node.getInput(i))) {
                throw error(node, "adds the constant " + node.getInput(i) + "; Winnow imports Add as a residual "
                        + "connection of two layers, or as the bias right after a MatMul");
            }
        }
        Value a = value(node, 0);
        Value b = value(node, 1);
        if (!a.shape().equals(b.shape()) || !java.util.Objects.equals(a.flattened(), b.flattened())) {
            throw error(node, "adds tensors of different shapes (" + a.shape() + " and " + b.shape()
                    + "); Winnow imports residual adds of equal shapes without broadcasting");
        }
        values.put(node.getOutput(0), a.withLayer(append(new Layer.Add(name("add"), a.layer(), b.layer()))));
    }

    private void batchNorm(OnnxMl.NodeProto node) {
        onlyFirstOutputUsed(node);
        if (OnnxGraph.integer(node, "training_mode", 0) != 0) {
            throw error(node, "is in training mode; export the model in eval mode (model.eval())");
        }
        Value x = value(node, 0);
        if (x.flattened() != null) {
            throw error(node, "normalises a flattened image; Winnow imports batch norm over channels only");
        }
        int channels = x.shape().units();
        float[] gamma = constant(node, 1, "scale").floats();
        float[] beta = constant(node, 2, "bias").floats();
        float[] mean = constant(node, 3, "mean").floats();
        float[] variance = constant(node, 4, "variance").floats();
        if (gamma.length != channels || beta.length != channels || mean.length != channels || variance.length != channels) {
            throw error(node, "has statistics of the wrong size for " + channels + " channels");
        }
        double epsilon = OnnxGraph.real(node, "epsilon", 1e-5f);
        // Winnow's batch norm uses its own epsilon: scale gamma so that gamma' / sqrt(var + eps_winnow)
        // equals gamma / sqrt(var + eps_onnx), keeping the moving variance a variance.
        float[] scaled = new float[channels];
        for (int c = 0; c < channels; c++) {
            scaled[c] = (float) (gamma[c] * Math.sqrt(variance[c] + (double) Forward.BN_EPSILON) / Math.sqrt(variance[c] + epsilon));
        }
        String name = name("bn");
        long[] shape = {channels};
        weights = weights.with(name, ModelWeights.GAMMA, new FloatArray(shape, scaled))
                .with(name, ModelWeights.BETA, new FloatArray(shape, beta.clone()))
                .with(name, ModelWeights.MOVING_MEAN, new FloatArray(shape, mean.clone()))
                .with(name, ModelWeights.MOVING_VARIANCE, new FloatArray(shape, variance.clone()));
        activation(node, new Layer.BatchNorm(name, x.layer()));
    }

    /** A layer that keeps its input's shape (and, being element-wise, its feature order). */
    private void activation(OnnxMl.NodeProto node, Layer layer) {
        Value x = value(node, 0);
        values.put(node.getOutput(0), x.withLayer(append(layer)));
    }

    private void clip(OnnxMl.NodeProto node) {
        Float min;
        Float max;
        if (graph.opset >= 11) {
            min = bound(node, 1);
            max = bound(node, 2);
        } else {
            min = OnnxGraph.attribute(node, "min") == null ? null : OnnxGraph.real(node, "min", 0);
            max = OnnxGraph.attribute(node, "max") == null ? null : OnnxGraph.real(node, "max", 0);
        }
        String x = value(node, 0).layer();
        if (min != null && min == 0f && max != null && max == 6f) {
            activation(node, new Layer.ReLU6(name("relu6_"), x));
        } else if (min != null && min == 0f && (max == null || max == Float.POSITIVE_INFINITY)) {
            activation(node, new Layer.ReLU(name("relu"), x));
        } else {
            throw error(node, "clips to [" + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max)
                    + "]; Winnow imports Clip(0, 6) as ReLU6 and Clip(0, inf) as ReLU only");
        }
    }

    private Float bound(OnnxMl.NodeProto node, int i) {
        return OnnxGraph.inputOrNull(node, i) == null ? null : constant(node, i, i == 1 ? "min" : "max").floats()[0];
    }

    private void pool(OnnxMl.NodeProto node) {
        onlyFirstOutputUsed(node);
        boolean max = node.getOpType().equals("MaxPool");
        Value x = image(node);
        Shape.Image in = (Shape.Image) x.shape();
        long[] kernel = OnnxGraph.integers(node, "kernel_shape");
        if (kernel == null || kernel.length != 2) {
            throw error(node, "has no 2-D kernel_shape");
        }
        int k = square(node, (int) kernel[0], (int) kernel[1], "kernel");
        long[] dilations = OnnxGraph.integers(node, "dilations");
        if (dilations != null && (dilations[0] != 1 || dilations[1] != 1)) {
            throw error(node, "has dilations " + java.util.Arrays.toString(dilations) + "; Winnow imports dilation 1 only");
        }
        if (OnnxGraph.integer(node, "storage_order", 0) != 0) {
            throw error(node, "uses column-major storage_order; Winnow imports row-major pooling only");
        }
        int stride = stride(node);
        boolean countPad = !max && OnnxGraph.integer(node, "count_include_pad", 0) != 0;
        boolean zerosExact = max ? nonNegative(x.layer()) : countPad;
        OnnxWindow.Fit fit = OnnxWindow.fit(where(node), new int[] {in.height(), in.width()}, k, stride,
                OnnxGraph.integers(node, "pads"), OnnxGraph.text(node, "auto_pad", "NOTSET"),
                OnnxGraph.integer(node, "ceil_mode", 0) != 0, countPad, zerosExact,
                max ? "its input is not the output of a ReLU or ReLU6, so a zero could exceed every value of a window"
                        : "the average does not count the pad (count_include_pad=0)");
        Padding padding = fit.padding();
        x = padded(x, fit);
        in = (Shape.Image) x.shape();
        Layer layer = max ? new Layer.MaxPool(name("pool"), x.layer(), k, stride, padding)
                : new Layer.AvgPool(name("avgpool"), x.layer(), k, stride, padding);
        Shape out = Shape.image(padding.outputSize(in.height(), k, stride), padding.outputSize(in.width(), k, stride),
                in.channels());
        values.put(node.getOutput(0), new Value(append(layer), out, null, false));
    }

    private void reshape(OnnxMl.NodeProto node) {
        Value x = value(node, 0);
        long[] target = constant(node, 1, "shape").longs();
        long size = x.shape().size();
        boolean batchFirst = target.length == 2 && (target[0] == -1 || target[0] == 0)
                && (target[1] == -1 || target[1] == size) && !(target[0] == -1 && target[1] == -1);
        if (!batchFirst) {
            throw error(node, "reshapes to " + java.util.Arrays.toString(target) + "; Winnow imports Reshape only as a "
                    + "flatten to (batch, -1) (e.g. x.view(-1, " + size + ")); for x.view(x.size(0), -1), which "
                    + "exports Shape and Gather ops, use torch.flatten(x, 1)");
        }
        flatten(node, x);
    }

    private void flatten(OnnxMl.NodeProto node, Value x) {
        if (x.shape() instanceof Shape.Image img) {
            Value flat = new Value(append(new Layer.Flatten(name("flatten"), x.layer())), Shape.vector(Math.toIntExact(img.size())),
                    img.height() * img.width() == 1 ? null : img, false);
            values.put(node.getOutput(0), flat);
        } else {
            values.put(node.getOutput(0), x.alias(x.shape(), x.flattened(), false));
        }
    }

    private void pad(OnnxMl.NodeProto node) {
        if (!OnnxGraph.text(node, "mode", "constant").equals("constant")) {
            throw error(node, "pads in mode " + OnnxGraph.text(node, "mode", "") + "; Winnow imports zero padding only");
        }
        long[] pads = graph.opset >= 11 ? constant(node, 1, "pads").longs() : OnnxGraph.integers(node, "pads");
        for (long p : pads == null ? new long[0] : pads) {
            if (p != 0) {
                throw error(node, "pads by " + java.util.Arrays.toString(pads) + "; Winnow imports Pad only when it "
                        + "pads nothing (as PyTorch exports before some pooling); put the padding in the next layer's "
                        + "padding argument instead");
            }
        }
        values.put(node.getOutput(0), value(node, 0));
    }

    private Value image(OnnxMl.NodeProto node) {
        Value x = value(node, 0);
        if (!(x.shape() instanceof Shape.Image)) {
            throw error(node, "reads a vector of " + x.shape() + " features; it needs an image");
        }
        return x;
    }

    private Value value(OnnxMl.NodeProto node, int i) {
        String tensor = node.getInput(i);
        Value v = values.get(tensor);
        if (v == null) {
            throw error(node, graph.constants.containsKey(tensor) ? "reads the constant " + tensor + " where Winnow "
                    + "expects a layer's output" : "reads " + tensor + ", which no imported node computes");
        }
        return v;
    }

    private OnnxTensor constant(OnnxMl.NodeProto node, int i, String what) {
        String tensor = OnnxGraph.inputOrNull(node, i);
        OnnxTensor t = tensor == null ? null : graph.constants.get(tensor);
        if (t == null) {
            throw error(node, "has no constant " + what + (tensor == null ? "" : " (" + tensor + " is computed)")
                    + "; Winnow imports layers whose weights are initializers or Constant nodes");
        }
        return t;
    }

    private int square(OnnxMl.NodeProto node, int h, int w, String what) {
        if (h != w) {
            throw error(node, "has a " + h + "x" + w + " " + what + "; Winnow imports square kernels only");
        }
        return h;
    }

    private int stride(OnnxMl.NodeProto node) {
        long[] strides = OnnxGraph.integers(node, "strides");
        if (strides == null) {
            return 1;
        }
        if (strides.length != 2 || strides[0] != strides[1]) {
            throw error(node, "has strides " + java.util.Arrays.toString(strides) + "; Winnow imports equal strides only");
        }
        return (int) strides[0];
    }

    private void onlyFirstOutputUsed(OnnxMl.NodeProto node) {
        for (int i = 1; i < node.getOutputCount(); i++) {
            String out = node.getOutput(i);
            if (!out.isEmpty() && (!graph.readers(out).isEmpty() || out.equals(graph.output))) {
                throw error(node, "has its output " + out + " read; Winnow imports only the first output of "
                        + node.getOpType());
            }
        }
    }

    /** {@code x} after the fit's explicit zero pad, as a layer of its own, or {@code x} when there is none. */
    private Value padded(Value x, OnnxWindow.Fit fit) {
        if (fit.zeroPad() == null) {
            return x;
        }
        int[] p = fit.zeroPad();
        Shape.Image in = (Shape.Image) x.shape();
        Layer pad = new Layer.ZeroPad(name("pad"), x.layer(), p[0], p[1], p[2], p[3]);
        return new Value(append(pad), Shape.image(in.height() + p[0] + p[1], in.width() + p[2] + p[3], in.channels()),
                null, false);
    }

    /** Whether a layer's output is >= 0 everywhere: a ReLU or ReLU6, or max pooling or zero padding of one. */
    private boolean nonNegative(String layerName) {
        Layer layer = layers.find(l -> l.name().equals(layerName)).getOrNull();
        if (layer instanceof Layer.ReLU || layer instanceof Layer.ReLU6) {
            return true;
        }
        return (layer instanceof Layer.MaxPool || layer instanceof Layer.ZeroPad) && nonNegative(layer.input());
    }

    private String name(String prefix) {
        return prefix + counters.merge(prefix, 1, Integer::sum);
    }

    private String append(Layer layer) {
        layers = layers.append(layer);
        return layer.name();
    }

    private String where(OnnxMl.NodeProto node) {
        return graph.source + ": " + node.getOpType() + " node " + OnnxGraph.name(node);
    }

    private OnnxImportException error(OnnxMl.NodeProto node, String what) {
        return new OnnxImportException(where(node) + " " + what);
    }
}
