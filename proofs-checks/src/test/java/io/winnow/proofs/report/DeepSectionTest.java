package io.winnow.proofs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.HashMap;
import io.winnow.proofs.CheckResult;
import io.winnow.proofs.deep.Block;
import io.winnow.proofs.deep.BlockLipschitz;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.engine.model.Evaluation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section (f): a Theorem 4 violation on a pruned network fails the report like any other check. */
class DeepSectionTest {

    /** Two blocks with K = 2 and 3: rhs = 3 e_1 + e_2 = 4 on both samples; sample 1 claims lhs = 100. */
    private static DeepResult withOneViolatedSample() {
        io.vavr.collection.List<BlockLipschitz> constants = io.vavr.collection.List.of(
                new BlockLipschitz(new Block(0, "x", "h1", io.vavr.collection.List.of("conv1")), 2, io.vavr.collection.List.empty(), true),
                new BlockLipschitz(new Block(1, "h1", "logits", io.vavr.collection.List.of("logits")), 3, io.vavr.collection.List.empty(), true));
        Theorem4Result result = Theorem4Check.assess(constants, new Theorem4Check.Measurements(new double[] {1, 100},
                new double[][] {{1, 1}, {1, 1}}, new double[] {10, 10}));
        Theorem4Check.CurvePoint point = new Theorem4Check.CurvePoint(0.5, HashMap.of("conv1", 4), result.meanDiscrepancy(),
                result.meanBound(), result.tightness(), result.violations().size(), result);
        return new DeepResult(DeepCase.tiny(), "made up", new Evaluation("test", 2, 0, 1), io.vavr.collection.List.of(point),
                Duration.ZERO, Duration.ZERO);
    }

    @Test
    void everyCalibrationSampleIsOneCheckedInequalityAndAViolationNamesNetworkRatioAndSample() {
        List<CheckResult> checks = withOneViolatedSample().checks();
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).checked()).isEqualTo(2);
        assertThat(checks.get(0).violations()).singleElement().satisfies(v -> {
            assertThat(v.layer()).isEqualTo("tiny ratio 0.5 sample 1");
            assertThat(v.lhs()).isEqualTo(100);
            assertThat(v.rhs()).isEqualTo(4);
        });
    }

    @Test
    void aViolatedSampleMakesTheReportFailWithATheorem4Line() {
        DeepResult deep = withOneViolatedSample();
        ReportConfig config = new ReportConfig(5, true, 0, 0, 12, 8, 10, new int[0], new int[0], new int[0], new int[0],
                new int[0], List.of(deep.spec()));
        ReportResult result = new ReportResult(config, Map.of(DeepResult.THEOREM_4, deep.checks()), 0, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(deep), Duration.ZERO);
        assertThat(result.holds()).isFalse();
        assertThat(ProofReport.violationLines(result)).singleElement().asString()
                .startsWith("Theorem 4: tiny ratio 0.5 sample 1").contains("violated: 100.0 > 4.0");
        String md = ProofReport.document(result, List.of(), Duration.ZERO).toMarkdown();
        assertThat(md).contains("Overall: FAIL").contains("| Theorem 4 | 1 | 2 | 1 | 1 | 0 | 1 | FAIL |")
                .contains("| tiny | 0.5000 | conv1 4 | 2 |");
    }
}
