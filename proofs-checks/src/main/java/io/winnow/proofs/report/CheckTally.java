package io.winnow.proofs.report;

import io.winnow.proofs.CheckResult;
import io.winnow.proofs.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the pass/fail table: a check's {@link CheckResult}s over every run, added up.
 * Each evaluated inequality either held or produced exactly one {@link Violation}, so
 * held = checked - violated; skipped counts inequalities not resolvable in double precision.
 *
 * @param check   the statement, e.g. "Lemma 2"
 * @param runs    how many CheckResults (one per run) were added
 * @param checked inequalities evaluated
 * @param skipped inequalities not evaluated (see io.winnow.proofs.Slack#margin)
 * @param failedRuns runs with at least one violation
 * @param violations every violation, in run order
 */
public record CheckTally(String check, int runs, long checked, long skipped, int failedRuns, List<Violation> violations) {

    public CheckTally {
        violations = List.copyOf(violations);
    }

    public static CheckTally of(String check, List<CheckResult> results) {
        long checked = 0;
        long skipped = 0;
        int failedRuns = 0;
        List<Violation> violations = new ArrayList<>();
        for (CheckResult result : results) {
            checked += result.checked();
            skipped += result.skipped();
            if (!result.holds()) {
                failedRuns++;
            }
            violations.addAll(result.violations());
        }
        return new CheckTally(check, results.size(), checked, skipped, failedRuns, violations);
    }

    public long violated() {
        return violations.size();
    }

    public long held() {
        return checked - violated();
    }

    public boolean holds() {
        return violations.isEmpty();
    }

    /** PASS, FAIL, or NOT CHECKED when nothing was evaluated. */
    public String verdict() {
        if (!holds()) {
            return "FAIL";
        }
        return checked == 0 ? "NOT CHECKED" : "PASS";
    }
}
