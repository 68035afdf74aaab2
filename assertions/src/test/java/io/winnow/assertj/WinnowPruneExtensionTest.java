package io.winnow.assertj;

import static io.winnow.assertj.WinnowAssertions.assertThat;

import io.winnow.PruneResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @WinnowPrune} runs the recipe once for the class and hands both forms of the run to its tests. */
@WinnowPrune(recipe = "src/test/resources/mlp-half.recipe", model = "target/winnow-test-models/mlp")
class WinnowPruneExtensionTest {

    private static PruneResult first;

    @BeforeAll
    static void makeTheModel() {
        TinyRuns.model();
    }

    @Test
    void theSavedRunVerifies(ReportOnDisk run) {
        assertThat(run).verifies().allCertificatesHold().theorem4Holds();
        org.assertj.core.api.Assertions.assertThat(run.report().recipe().file())
                .isEqualTo("src/test/resources/mlp-half.recipe");
    }

    @Test
    void everyTestGetsTheSameRun(PruneResult result) {
        if (first == null) {
            first = result;
        }
        org.assertj.core.api.Assertions.assertThat(result).isSameAs(first);
    }

    @Test
    void aSecondTestGetsTheSameRun(PruneResult result) {
        everyTestGetsTheSameRun(result);
    }
}
