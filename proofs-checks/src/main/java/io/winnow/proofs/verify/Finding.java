package io.winnow.proofs.verify;

/**
 * One thing a report records that its own record, its recipe or the files beside it contradict.
 *
 * @param path       where in report.json, as a JSON path ({@code $.layers[1].selection.rule})
 * @param recorded   the value the report holds there
 * @param recomputed what verify derived instead, worded with its source
 *                   ("the recipe's plan says optimizeGamma", "the replay of the steps gives [0, 3]")
 */
public record Finding(String path, String recorded, String recomputed) {

    /** {@code $.layers[1].selection.rule: recorded fixedGamma, the recipe's plan says optimizeGamma}. */
    public String line() {
        return path + ": recorded " + recorded + ", " + recomputed;
    }
}
