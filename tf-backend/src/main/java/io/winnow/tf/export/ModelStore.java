package io.winnow.tf.export;

import io.winnow.report.ModelFormatException;
import io.winnow.report.ArchitectureJson;
import com.google.protobuf.CodedOutputStream;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.winnow.common.output.OutputException;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.onnx.OnnxImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * A Winnow model on disk: a TensorFlow SavedModel (tag {@code serve}, signature
 * {@code serving_default}, method {@value #PREDICT_METHOD}, from input {@code x} to output
 * {@code logits}) whose graph holds only
 * the inference pass and the parameters (no optimizer slots, no training ops), plus the
 * architecture as JSON in {@code assets/architecture.json}. Any TensorFlow runtime can serve it;
 * Winnow rebuilds a {@link Model} from the architecture and the restored variables.
 *
 * <p>Every reader here also takes an ONNX file ({@code .onnx}), imported by {@link OnnxImport}, so each
 * command that reads a model accepts one.
 *
 * <p>Saving goes through {@link Outputs}: the model is written into a staging directory and moved
 * into place, so a reader never sees half a model, and only a Winnow output is ever replaced.
 */
public final class ModelStore {

    public static final String TAG = "serve";
    public static final String SIGNATURE = "serving_default";
    /** The signature's method: TensorFlow Serving's Predict API, which serving tools expect of a classifier. */
    public static final String PREDICT_METHOD = "tensorflow/serving/predict";
    public static final String ARCHITECTURE = "assets/architecture.json";
    /** Architecture files larger than this are refused unread; the largest built-in is about 4 KiB. */
    public static final long MAX_ARCHITECTURE_BYTES = 1L << 20;

    /** The kind recorded in a model directory's output marker. */
    public static final String KIND = "model";

    private ModelStore() {
    }

    public static void save(Model model, Path dir, boolean force) {
        save(model.architecture(), model.weights(), dir, force);
    }

    public static void save(Architecture arch, ModelWeights weights, Path dir, boolean force) {
        saveWithFiles(arch, weights, dir, force, java.util.Map.of());
    }

    /**
     * Claims {@code dir} and saves the model with extra files (relative path to bytes, e.g.
     * {@code report.json}), which appear together with the model or not at all. Commands claim their
     * output before the work instead, and call {@link #write}.
     */
    public static void saveWithFiles(Architecture arch, ModelWeights weights, Path dir, boolean force,
                                     java.util.Map<String, byte[]> extraFiles) {
        Outputs.write(dir, KIND, force, java.util.List.of(), 0, staging -> {
            write(staging, arch, weights);
            extraFiles.forEach(staging::write);
        });
    }

    /** Writes the SavedModel and its architecture into a staged output directory (not committed). */
    public static void write(Staging staging, Architecture arch, ModelWeights weights) {
        Path dir = staging.directory();
        try (Model fresh = Model.build(arch, weights)) {
            Session session = fresh.session();
            Signature signature = Signature.builder(SIGNATURE).methodName(PREDICT_METHOD).input(Model.INPUT, fresh.input())
                    .output(Model.LOGITS, fresh.logitsOutput()).build();
            SavedModelBundle.exporter(dir.toString()).withTags(TAG).withSession(session)
                    .withFunction(session.function(signature)).export();
            canonicalize(dir.resolve("saved_model.pb"));
        } catch (IOException e) {
            throw new OutputException("cannot write the model into " + dir + ": " + e.getMessage(), e);
        }
        staging.write(ARCHITECTURE, ArchitectureJson.write(arch).getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes to expect for a saved model of this architecture: float32 parameters, graph and margin. */
    public static long sizeEstimate(Architecture arch) {
        return 4L * arch.totalParams() + (1L << 20);
    }

    /**
     * Rewrites saved_model.pb with its maps in key order: TensorFlow writes each node's attributes
     * in hash order, so two exports of one model differed in bytes, and report.json records the
     * digest of every file of a pruned model, which must be the same for the same run.
     */
    private static void canonicalize(Path savedModel) throws IOException {
        SavedModel proto = SavedModel.parseFrom(Files.readAllBytes(savedModel));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(proto.getSerializedSize());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        proto.writeTo(out);
        out.flush();
        Files.write(savedModel, bytes.toByteArray());
    }

    /** An ONNX file rather than a model directory: read through the importer. */
    private static boolean onnx(Path path) {
        return OnnxImport.isOnnx(path) && !Files.isDirectory(path);
    }

    /** Only the architecture, without starting TensorFlow: for inspection. */
    public static Architecture readArchitecture(Path dir) {
        if (onnx(dir)) {
            return OnnxImport.read(dir).architecture();
        }
        checkLayout(dir);
        Path file = dir.resolve(ARCHITECTURE);
        try {
            long size = Files.size(file);
            if (size > MAX_ARCHITECTURE_BYTES) {
                throw new ModelFormatException(file + ": " + size + " bytes; an architecture file is at most "
                        + MAX_ARCHITECTURE_BYTES + " bytes");
            }
            return ArchitectureJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The architecture and every parameter of a saved model. */
    public static ModelWeights readWeights(Path dir, Architecture arch) {
        if (onnx(dir)) {
            ModelWeights weights = OnnxImport.read(dir).weights();
            var problems = weights.problems(arch);
            if (!problems.isEmpty()) {
                throw new ModelFormatException(dir + ": its weights do not fit the architecture: " + problems.mkString("; "));
            }
            return weights;
        }
        try (SavedModelBundle bundle = open(dir)) {
            if (bundle.signatures().stream().noneMatch(s -> s.key().equals(SIGNATURE)
                    && s.inputNames().contains(Model.INPUT) && s.outputNames().contains(Model.LOGITS))) {
                throw new ModelFormatException(dir + ": the SavedModel has no signature " + SIGNATURE + " from "
                        + Model.INPUT + " to " + Model.LOGITS);
            }
            Map<String, Map<String, long[]>> expected = ModelWeights.expectedShapes(arch);
            java.util.List<String> missing = new java.util.ArrayList<>();
            Session.Runner runner = bundle.session().runner();
            java.util.List<String> names = new java.util.ArrayList<>();
            for (var layer : expected) {
                for (var param : layer._2) {
                    String name = layer._1 + "/" + param._1;
                    if (bundle.graph().operation(name) == null) {
                        missing.add(name);
                    } else {
                        names.add(name);
                        runner.fetch(name);
                    }
                }
            }
            if (!missing.isEmpty()) {
                throw new ModelFormatException(dir + ": the SavedModel lacks variables its architecture needs: "
                        + String.join(", ", missing));
            }
            ModelWeights weights = new ModelWeights(LinkedHashMap.empty());
            try (Result result = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    int slash = name.lastIndexOf('/');
                    FloatArray value = Model.array((TFloat32) result.get(i));
                    weights = weights.with(name.substring(0, slash), name.substring(slash + 1), value);
                }
            }
            var problems = weights.problems(arch);
            if (!problems.isEmpty()) {
                throw new ModelFormatException(dir + ": saved weights do not fit the architecture: " + problems.mkString("; "));
            }
            return weights;
        }
    }

    /** Rebuilds the model; its outputs are bit-identical to those of the model that was saved. */
    public static Model load(Path dir) {
        if (onnx(dir)) {
            OnnxImport.Imported imported = OnnxImport.read(dir);
            return Model.build(imported.architecture(), imported.weights());
        }
        Architecture arch = readArchitecture(dir);
        return Model.build(arch, readWeights(dir, arch));
    }

    private static SavedModelBundle open(Path dir) {
        checkLayout(dir);
        try {
            return SavedModelBundle.load(dir.toString(), TAG);
        } catch (RuntimeException e) {
            throw new ModelFormatException(dir + ": TensorFlow cannot load this SavedModel: " + e.getMessage(), e);
        }
    }

    private static void checkLayout(Path dir) {
        if (!Files.exists(dir)) {
            throw new ModelFormatException("no model at " + dir + ": the path does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir + " is a file, not a model directory (a Winnow model is a SavedModel directory; "
                    + "an ONNX model is a file named *.onnx)");
        }
        if (!Files.exists(dir.resolve("saved_model.pb"))) {
            throw new ModelFormatException(dir + " is not a Winnow model: it has no saved_model.pb");
        }
        if (!Files.exists(dir.resolve(ARCHITECTURE))) {
            throw new ModelFormatException(dir + " is a TensorFlow SavedModel but not a Winnow model: it has no " + ARCHITECTURE);
        }
        if (!Files.isDirectory(dir.resolve("variables"))) {
            throw new ModelFormatException(dir + " is an incomplete model: it has no variables/ directory (a Winnow model "
                    + "holds saved_model.pb, variables/variables.index and variables/variables.data-*, and " + ARCHITECTURE + ")");
        }
        for (String file : new String[]{"saved_model.pb", ARCHITECTURE, "variables/variables.index"}) {
            Path path = dir.resolve(file);
            if (!Files.exists(path)) {
                throw new ModelFormatException(dir + " is an incomplete model: it has no " + file);
            }
            if (!Files.isRegularFile(path)) {
                throw new ModelFormatException(path + " is not a regular file (a directory, pipe or device); "
                        + "a Winnow model's " + file + " is a plain file");
            }
        }
    }
}
