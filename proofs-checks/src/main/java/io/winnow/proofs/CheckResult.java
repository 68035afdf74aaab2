package io.winnow.proofs;

import java.util.List;

/**
 * The outcome of checking one statement on one run.
 *
 * @param statement  which result, e.g. "Lemma 2"
 * @param checked    how many inequalities were evaluated (0 means the check said nothing)
 * @param skipped    how many were not resolvable in double precision (see {@link Slack#margin})
 * @param violations every inequality that failed, with its values
 */
public record CheckResult(String statement, int checked, int skipped, List<Violation> violations) {

    public CheckResult {
        violations = List.copyOf(violations);
    }

    public boolean holds() {
        return violations.isEmpty();
    }
}
