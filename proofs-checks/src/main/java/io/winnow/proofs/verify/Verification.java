package io.winnow.proofs.verify;

import java.util.List;

/**
 * What {@code winnow verify} concluded about one report.
 *
 * @param findings every contradiction found; empty when the report verifies
 * @param derived  one line per kind of check, with counts: what was re-derived
 */
public record Verification(List<Finding> findings, List<String> derived) {

    public Verification {
        findings = List.copyOf(findings);
        derived = List.copyOf(derived);
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
