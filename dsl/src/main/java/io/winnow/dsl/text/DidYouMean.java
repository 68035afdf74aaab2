package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.vavr.control.Option;

/** Suggests the known word nearest a misspelled one, by edit distance with transpositions. */
final class DidYouMean {

    private static final int LONGEST_CHECKED = 40;

    private DidYouMean() {
    }

    /** The nearest of {@code known} to {@code word}, if it is close enough to be a likely typo. */
    static Option<String> nearest(String word, List<String> known) {
        if (word.length() > LONGEST_CHECKED) {
            return Option.none();
        }
        int allowed = word.length() <= 3 ? 1 : word.length() <= 6 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance && !word.equals(candidate)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= allowed ? Option.of(best) : Option.none();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
