package io.winnow.compare;

import io.vavr.collection.List;
import io.winnow.WinnowModel;
import io.winnow.dsl.network.Architecture;
import io.winnow.tf.data.DataReader;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every point of a sweep, or every partition of a run's calibration statistics, reads besides
 * its own task, as plain values a cluster can ship to the machines that run the tasks: the model and
 * the data are paths every one of them must see.
 *
 * @param model the model directory or ONNX file, as given to {@code --model}
 * @param data  the {@code --data} value, or empty for the default data set
 * @param mean  {@code --mean}, per channel or one value
 * @param std   {@code --std}, per channel or one value
 */
public record SweepInputs(String model, Optional<String> data, java.util.List<Double> mean,
                          java.util.List<Double> std) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SweepInputs {
        mean = java.util.List.copyOf(mean);
        std = java.util.List.copyOf(std);
    }

    public static SweepInputs of(Path model, Optional<String> data, Normalisation normalisation) {
        return new SweepInputs(model.toString(), data, normalisation.mean().toJavaList(),
                normalisation.std().toJavaList());
    }

    public Normalisation normalisation() {
        return new Normalisation(List.ofAll(mean), List.ofAll(std));
    }

    /** The model, its weights checked finite. */
    public WinnowModel loadModel() {
        return WinnowModel.load(Path.of(model));
    }

    /** The data, read and normalised for a model of architecture {@code arch}. */
    public Dataset loadData(Architecture arch) {
        return DataReader.read(data.orElse(null), arch.input(), arch.classes(), normalisation());
    }

    /** Optional is not serialisable; the data value travels as a nullable field instead. */
    private Object writeReplace() {
        return new Wire(model, data.orElse(null), mean, std);
    }

    private record Wire(String model, String data, java.util.List<Double> mean, java.util.List<Double> std)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return new SweepInputs(model, Optional.ofNullable(data), mean, std);
        }
    }
}
