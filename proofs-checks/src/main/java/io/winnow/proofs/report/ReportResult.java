package io.winnow.proofs.report;

import io.winnow.proofs.CheckResult;
import io.winnow.proofs.Lemma1;
import io.winnow.proofs.Slopes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one report run measured; the report renders this and nothing else.
 *
 * @param results       per check, one CheckResult per run, in run order
 * @param instances     how many random instances went through the checks
 * @param lemma1Plane   Lemma 1's curve in m = 2
 * @param lemma1Space   Lemma 1's curve in m = 3
 * @param deep          the deep section (f): one result per network of the config
 * @param elapsed       wall time of the checks and measurements (charts not included)
 */
public record ReportResult(ReportConfig config, Map<String, List<CheckResult>> results, int instances,
        List<LossCurve> curves, List<ContractionPoint> contractions, List<Lemma1.CurvePoint> lemma1Plane,
        List<Lemma1.CurvePoint> lemma1Space, List<Slopes.Row> slopes, List<DeepResult> deep, Duration elapsed) {

    public ReportResult {
        results = new LinkedHashMap<>(results);
        curves = List.copyOf(curves);
        contractions = List.copyOf(contractions);
        lemma1Plane = List.copyOf(lemma1Plane);
        lemma1Space = List.copyOf(lemma1Space);
        slopes = List.copyOf(slopes);
        deep = List.copyOf(deep);
    }

    @Override
    public Map<String, List<CheckResult>> results() {
        return new LinkedHashMap<>(results);
    }

    /** Table (e): one row per check. */
    public List<CheckTally> tallies() {
        return results.entrySet().stream().map(e -> CheckTally.of(e.getKey(), e.getValue())).toList();
    }

    /** Whether every evaluated inequality held. */
    public boolean holds() {
        return tallies().stream().allMatch(CheckTally::holds);
    }
}
