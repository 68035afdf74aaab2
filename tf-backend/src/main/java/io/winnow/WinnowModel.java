package io.winnow;

import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.report.ArchitectureJson;
import io.winnow.report.FileDigests;
import io.winnow.report.ModelFormatException;
import io.winnow.report.PruneReport;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.onnx.OnnxImport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as Winnow read it (a model directory, or an ONNX file imported on the fly): where it is, its architecture and its weights (all finite).
 * A pruning run records the directory's file digests, so that {@code winnow verify} can tell the
 * original it was run on.
 *
 * @param directory    the model directory, as given
 * @param architecture its assets/architecture.json
 * @param weights      its weights, checked against the architecture
 */
public record WinnowModel(Path directory, Architecture architecture, ModelWeights weights) {

    /**
     * Reads a Winnow model directory ({@code winnow train} or {@code winnow prune} wrote it).
     *
     * @throws ModelFormatException naming the file and what is wrong, when it is not a readable
     *                              model or holds NaN or infinite weights
     */
    public static WinnowModel load(Path directory) {
        Architecture arch = ModelStore.readArchitecture(directory);
        ModelWeights weights = ModelStore.readWeights(directory, arch);
        requireFinite(weights, directory);
        return new WinnowModel(directory, arch, weights);
    }

    /** NaN or infinite weights make every output and statistic meaningless: name the layer and parameter. */
    public static void requireFinite(ModelWeights weights, Path source) {
        for (var layer : weights.layers()) {
            for (var param : layer._2) {
                for (float v : param._2.values()) {
                    if (!Float.isFinite(v)) {
                        throw new ModelFormatException(source + ": layer " + layer._1 + " parameter " + param._1
                                + " holds " + v + "; a model with NaN or infinite weights cannot be evaluated, "
                                + "inspected or pruned");
                    }
                }
            }
        }
    }

    /** The model as report.json records it: the path as given, the architecture text and every file's digest. */
    PruneReport.ModelSource source() {
        try {
            String text = OnnxImport.isOnnx(directory) && !Files.isDirectory(directory)
                    ? ArchitectureJson.write(architecture)
                    : Files.readString(directory.resolve(ModelStore.ARCHITECTURE), StandardCharsets.UTF_8);
            return new PruneReport.ModelSource(directory.toString(), text, FileDigests.of(directory, file -> true),
                    java.util.Optional.of(FileDigests.bytes(directory, file -> true)));
        } catch (IOException | UncheckedIOException e) {
            throw new ModelFormatException("cannot read model " + directory + ": " + e.getMessage(), e);
        }
    }
}
