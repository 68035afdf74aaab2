package io.winnow.tf.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model's main graph as the importer reads it: its nodes in order, its constants (initializers
 * and Constant nodes), its one input and one output, who reads each tensor, and each node's attributes.
 */
final class OnnxGraph {

    /** The opsets of the standard domain that torch.onnx.export writes and the importer was tested on. */
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 17;

    final String source;
    final int opset;
    final List<OnnxMl.NodeProto> nodes;
    final Map<String, OnnxTensor> constants = new HashMap<>();
    final OnnxMl.ValueInfoProto input;
    final String output;
    private final Map<String, List<Integer>> readers = new HashMap<>();

    OnnxGraph(OnnxMl.ModelProto model, String source) {
        this.source = source;
        this.opset = opset(model, source);
        OnnxMl.GraphProto graph = model.getGraph();
        this.nodes = graph.getNodeList();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), OnnxTensor.of(t, source + ": initializer " + t.getName()));
        }
        for (int i = 0; i < nodes.size(); i++) {
            OnnxMl.NodeProto node = nodes.get(i);
            for (String in : node.getInputList()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
            if (node.getOpType().equals("Constant") && node.getDomain().isEmpty()) {
                constants.put(node.getOutput(0), constantValue(node));
            }
        }
        List<OnnxMl.ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !constants.containsKey(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new OnnxImportException(source + ": the graph has " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.stream().map(OnnxMl.ValueInfoProto::getName).toList())
                    + "); Winnow imports networks with one input image or vector");
        }
        this.input = inputs.get(0);
        if (graph.getOutputCount() != 1) {
            throw new OnnxImportException(source + ": the graph has " + graph.getOutputCount()
                    + " outputs; Winnow imports classifiers with one output, the logits");
        }
        this.output = graph.getOutput(0).getName();
    }

    private static int opset(OnnxMl.ModelProto model, String source) {
        for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                long v = id.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new OnnxImportException(source + ": opset " + v + "; Winnow imports opsets " + MIN_OPSET
                            + " to " + MAX_OPSET + " (torch.onnx.export(..., opset_version=13) writes one)");
                }
                return (int) v;
            }
        }
        throw new OnnxImportException(source + ": the model imports no opset of the standard ONNX domain");
    }

    private OnnxTensor constantValue(OnnxMl.NodeProto node) {
        String what = source + ": Constant node " + name(node);
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    return OnnxTensor.of(a.getT(), what);
                }
                case "value_float" -> {
                    return OnnxTensor.scalar(a.getF());
                }
                case "value_floats" -> {
                    float[] v = new float[a.getFloatsCount()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = a.getFloats(i);
                    }
                    return OnnxTensor.vector(v);
                }
                case "value_int" -> {
                    return OnnxTensor.longs(new long[] {a.getI()});
                }
                case "value_ints" -> {
                    return OnnxTensor.longs(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
                }
                default -> {
                }
            }
        }
        throw new OnnxImportException(what + " holds no numeric value (value, value_float(s) or value_int(s))");
    }

    /** The node's name, or its op type and first output where the exporter left the name empty. */
    static String name(OnnxMl.NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() + " -> " + node.getOutput(0) : node.getName();
    }

    /** The nodes that read a tensor, by index. */
    List<Integer> readers(String tensor) {
        return readers.getOrDefault(tensor, List.of());
    }

    /** Indexes of the nodes the graph output depends on; the others are dead and not imported. */
    Set<Integer> live() {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                producer.put(out, i);
            }
        }
        Set<Integer> live = new HashSet<>();
        List<String> frontier = new ArrayList<>(List.of(output));
        while (!frontier.isEmpty()) {
            Integer p = producer.get(frontier.remove(frontier.size() - 1));
            if (p != null && live.add(p)) {
                frontier.addAll(nodes.get(p).getInputList());
            }
        }
        return live;
    }

    static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long integer(OnnxMl.NodeProto node, String name, long otherwise) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? otherwise : a.getI();
    }

    static float real(OnnxMl.NodeProto node, String name, float otherwise) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? otherwise : a.getF();
    }

    static String text(OnnxMl.NodeProto node, String name, String otherwise) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? otherwise : a.getS().toStringUtf8();
    }

    /** An ints attribute, or null when absent. */
    static long[] integers(OnnxMl.NodeProto node, String name) {
        OnnxMl.AttributeProto a = attribute(node, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** Input {@code i} of a node, or null when absent or the empty name (an omitted optional input). */
    static String inputOrNull(OnnxMl.NodeProto node, int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty() ? node.getInput(i) : null;
    }
}
