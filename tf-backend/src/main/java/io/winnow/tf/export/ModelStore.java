package io.winnow.tf.export;

import com.google.protobuf.CodedOutputStream;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.winnow.dsl.Architecture;
import io.winnow.tf.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.tf.model.ModelWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * A Winnow model on disk: a TensorFlow SavedModel (tag {@code serve}, signature
 * {@code serving_default} from input {@code x} to output {@code logits}) whose graph holds only
 * the inference pass and the parameters (no optimizer slots, no training ops), plus the
 * architecture as JSON in {@code assets/architecture.json}. Any TensorFlow runtime can serve it;
 * Winnow rebuilds a {@link Model} from the architecture and the restored variables.
 *
 * <p>Saving writes a hidden sibling directory and moves it into place, so a reader never sees
 * half a model; an existing output is replaced only when asked.
 */
public final class ModelStore {

    public static final String TAG = "serve";
    public static final String SIGNATURE = "serving_default";
    public static final String ARCHITECTURE = "assets/architecture.json";

    private ModelStore() {
    }

    public static void save(Model model, Path dir, boolean force) {
        save(model.architecture(), model.weights(), dir, force);
    }

    public static void save(Architecture arch, ModelWeights weights, Path dir, boolean force) {
        save(arch, weights, dir, force, java.util.Map.of());
    }

    /** Saves the model with extra text files (relative path to UTF-8 text), see {@link #saveWithFiles}. */
    public static void save(Architecture arch, ModelWeights weights, Path dir, boolean force,
                            java.util.Map<String, String> extraFiles) {
        java.util.Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        extraFiles.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        saveWithFiles(arch, weights, dir, force, bytes);
    }

    /**
     * Saves the model with extra files (relative path to bytes, e.g. {@code report.json},
     * {@code report.html} and its PNG plots) written into the same temporary directory, so the model
     * and its reports appear together or not at all.
     */
    public static void saveWithFiles(Architecture arch, ModelWeights weights, Path dir, boolean force,
                                     java.util.Map<String, byte[]> extraFiles) {
        saveWithFiles(arch, weights, dir, force, staged -> extraFiles);
    }

    /**
     * As {@link #saveWithFiles(Architecture, ModelWeights, Path, boolean, java.util.Map)}, with the
     * extra files made from the staged model directory once the model is written there (e.g. a
     * report that records the digests of the model's files).
     */
    public static void saveWithFiles(Architecture arch, ModelWeights weights, Path dir, boolean force,
                                     java.util.function.Function<Path, java.util.Map<String, byte[]>> extraFiles) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !force) {
            throw new OutputExistsException(dir);
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
            try (Model fresh = Model.build(arch, weights)) {
                Session session = fresh.session();
                Signature signature = Signature.builder(SIGNATURE).input(Model.INPUT, fresh.input())
                        .output(Model.LOGITS, fresh.logitsOutput()).build();
                SavedModelBundle.exporter(tmp.toString()).withTags(TAG).withSession(session)
                        .withFunction(session.function(signature)).export();
            }
            canonicalize(tmp.resolve("saved_model.pb"));
            Files.createDirectories(tmp.resolve("assets"));
            Files.writeString(tmp.resolve(ARCHITECTURE), ArchitectureJson.write(arch), StandardCharsets.UTF_8);
            for (var extra : extraFiles.apply(tmp).entrySet()) {
                Path file = tmp.resolve(extra.getKey()).normalize();
                if (!file.startsWith(tmp)) {
                    throw new IllegalArgumentException("extra file " + extra.getKey() + " lies outside the model directory");
                }
                Files.createDirectories(file.getParent());
                Files.write(file, extra.getValue());
            }
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
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

    /** Only the architecture, without starting TensorFlow: for inspection. */
    public static Architecture readArchitecture(Path dir) {
        checkLayout(dir);
        Path file = dir.resolve(ARCHITECTURE);
        try {
            return ArchitectureJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The architecture and every parameter of a saved model. */
    public static ModelWeights readWeights(Path dir, Architecture arch) {
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
            throw new ModelFormatException(dir + " is a file, not a model directory (a Winnow model is a SavedModel directory)");
        }
        if (!Files.exists(dir.resolve("saved_model.pb"))) {
            throw new ModelFormatException(dir + " is not a Winnow model: it has no saved_model.pb");
        }
        if (!Files.exists(dir.resolve(ARCHITECTURE))) {
            throw new ModelFormatException(dir + " is a TensorFlow SavedModel but not a Winnow model: it has no " + ARCHITECTURE);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
