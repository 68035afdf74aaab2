package io.winnow.cli;

import io.vavr.collection.List;
import io.winnow.report.PruneReport;
import io.winnow.tf.data.Normalisation;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --mean} and {@code --std}, beside {@code --data} on every command that reads data: each
 * input value becomes {@code (pixel/255 - mean) / std}, per channel ({@link Normalisation}).
 */
final class NormalisationOptions {

    @Option(names = "--mean", paramLabel = "M[,M...]",
            description = "subtracted from every input value in the pixel/255 scale: one value, or one per channel "
                    + "separated by commas (default 0)")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S...]",
            description = "divides after --mean is subtracted, x = (pixel/255 - mean) / std: one value, or one per "
                    + "channel separated by commas (default 1)")
    String std;

    /** What the options say, the default where one is absent. */
    Normalisation normalisation() {
        return new Normalisation(values("--mean", mean, List.of(0.0)), values("--std", std, List.of(1.0)));
    }

    /** What the options say, the recorded run's where one is absent (verify reruns with the run's data). */
    Normalisation normalisation(Optional<PruneReport.Normalisation> recorded) {
        return recorded.map(r -> new Normalisation(values("--mean", mean, List.ofAll(r.mean())),
                values("--std", std, List.ofAll(r.std())))).orElseGet(this::normalisation);
    }

    private static List<Double> values(String option, String text, List<Double> absent) {
        if (text == null) {
            return absent;
        }
        List<Double> values = List.empty();
        for (String part : text.split(",", -1)) {
            try {
                values = values.append(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new UserError(option + " " + text + ": '" + part.strip() + "' is not a number; give one value, "
                        + "or one per channel separated by commas (0.485,0.456,0.406)");
            }
        }
        return values;
    }
}
