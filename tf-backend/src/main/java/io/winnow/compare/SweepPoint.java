package io.winnow.compare;

import java.io.Serializable;
import java.util.Optional;

/**
 * What one sweep point measured, or why it failed. A failed point keeps its error and zeros
 * elsewhere; the sweep goes on.
 *
 * @param key                    {@link SweepJob#key()}
 * @param recipe                 the recipe's name
 * @param recipeSha256           hash of the recipe that ran
 * @param budget                 the budget column
 * @param seed                   the seed
 * @param error                  why the point failed, when it did
 * @param paramsBefore           the original's parameters
 * @param paramsAfter            the pruned model's parameters
 * @param flopsBefore            the original's FLOPs per sample
 * @param flopsAfter             the pruned model's FLOPs per sample
 * @param accuracyOriginal       top-1 of the original on the test split
 * @param accuracyAfterSelection top-1 right after selection
 * @param accuracyAfterFinetune  top-1 after the recipe's finetune, when it has one
 * @param latencyOriginalMs      the original's median latency per call, batch 1 and 256
 * @param latencyPrunedMs        the pruned model's, batch 1 and 256
 * @param selectionSeconds       time in selection
 * @param totalSeconds           time of the whole run
 * @param checksPassed           every certificate and Theorem 4 held
 */
public record SweepPoint(String key, String recipe, String recipeSha256, String budget, long seed,
                         Optional<String> error, long paramsBefore, long paramsAfter, long flopsBefore,
                         long flopsAfter, double accuracyOriginal, double accuracyAfterSelection,
                         Optional<Double> accuracyAfterFinetune, double[] latencyOriginalMs, double[] latencyPrunedMs,
                         double selectionSeconds, double totalSeconds, boolean checksPassed) implements Serializable {

    private static final long serialVersionUID = 1L;

    public boolean failed() {
        return error.isPresent();
    }

    public double flopsFraction() {
        return flopsBefore == 0 ? 0 : (double) flopsAfter / flopsBefore;
    }

    /** The accuracy a user keeps: after finetune when the recipe finetunes, else after selection. */
    public double finalAccuracy() {
        return accuracyAfterFinetune.orElse(accuracyAfterSelection);
    }

    /** A point that failed: its error, zeros elsewhere. */
    public static SweepPoint failure(SweepJob job, String error) {
        return new SweepPoint(job.key(), job.name(), io.winnow.dsl.RecipeText.hash(job.effectiveRecipe()),
                job.budget(), job.seed(), Optional.of(error), 0, 0, 0, 0, 0, 0, Optional.empty(), new double[2],
                new double[2], 0, 0, false);
    }

    /** A point travels back from a cluster's workers as the JSON compare.json holds, so nothing is lost on the way. */
    private Object writeReplace() {
        return new Wire(SweepFile.json(this));
    }

    private record Wire(String json) implements Serializable {

        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return SweepFile.point(json);
        }
    }
}
