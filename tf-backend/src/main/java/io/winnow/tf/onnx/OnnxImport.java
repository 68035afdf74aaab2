package io.winnow.tf.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an ONNX classifier (as torch.onnx.export writes it, opsets 11 to 17) into a Winnow network
 * and its weights, converted from channels-first to the backend's channels-last layout, so that the
 * imported model computes the ONNX model's logits. Anything it cannot represent exactly is refused
 * with a message that says what and why; unsupported op types are all listed at once.
 */
public final class OnnxImport {

    /** The op types of the standard domain the importer reads. */
    public static final List<String> SUPPORTED = List.of("Conv", "Gemm", "MatMul", "Add", "BatchNormalization",
            "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "Identity", "Dropout",
            "Pad", "Constant", "Softmax", "LogSoftmax");

    /** ONNX files larger than this are refused unread: protobuf messages are limited to 2 GiB. */
    public static final long MAX_BYTES = Integer.MAX_VALUE;

    /** An imported network and its weights. */
    public record Imported(Architecture architecture, ModelWeights weights) {
    }

    private OnnxImport() {
    }

    /** Whether a path names an ONNX file (by its extension): where commands route a model path here. */
    public static boolean isOnnx(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The network and weights of an ONNX file; its architecture is named after the file. */
    public static Imported read(Path file) {
        if (!Files.exists(file)) {
            throw new OnnxImportException("no ONNX model at " + file + ": the path does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new OnnxImportException(file + " is not a regular file; an ONNX model is one .onnx file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new OnnxImportException(file + ": " + size + " bytes; an ONNX file holds at most " + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(file + " is not an ONNX model: it holds no graph nodes");
        }
        String source = file.toString();
        checkSupported(model.getGraph(), source);
        String name = file.getFileName().toString();
        name = name.substring(0, name.length() - ".onnx".length());
        try {
            return new OnnxConverter(new OnnxGraph(model, source)).convert(name.isEmpty() ? "onnx" : name);
        } catch (ArithmeticException e) {
            throw new OnnxImportException(source + ": a size overflows: " + e.getMessage(), e);
        }
    }

    /** Every op type the importer does not read, each with the first node that uses it, in one error. */
    static void checkSupported(OnnxMl.GraphProto graph, String source) {
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            boolean standard = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
            String type = standard ? node.getOpType() : node.getDomain() + "." + node.getOpType();
            if (!standard || !SUPPORTED.contains(type)) {
                unsupported.putIfAbsent(type, OnnxGraph.name(node));
            }
        }
        if (!unsupported.isEmpty()) {
            StringBuilder text = new StringBuilder(source).append(": unsupported ONNX op types: ");
            unsupported.forEach((type, node) -> text.append(type).append(" (first node ").append(node).append("), "));
            text.setLength(text.length() - 2);
            text.append("; Winnow imports ").append(SUPPORTED.mkString(", "));
            throw new OnnxImportException(text.toString());
        }
    }
}
