package io.winnow.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlopesTest {

    @Test
    void leastSquaresRecoversTheSlopeOfALine() {
        SlopeFit fit = SlopeFit.of(new double[] {0, 1, 2, 3}, new double[] {1, -1, -3, -5});
        assertThat(fit.slope()).isEqualTo(-2.0);
        assertThat(fit.intercept()).isEqualTo(1.0);
    }

    @Test
    void optimizeGammaDecaysExponentiallyAtLeastAsFastAsItsCertificateAndFixedGammaPolynomially() {
        List<Slopes.Row> rows = Slopes.grid(new int[] {40, 80, 160}, new int[] {3, 10, 30}, 81);
        for (Slopes.Row row : rows) {
            System.out.println(row);
            assertThat(row.optimizeSteps()).as("%s", row).isPositive();
            assertThat(row.optimizeGammaSlope()).as("%s", row).isNegative();
            assertThat(row.fixedGammaSlope()).as("%s", row).isLessThan(-0.5);
            if (row.dimension() <= 3) {
                // the a-priori rate is a bound: each certified step contracts at least as much
                assertThat(row.certificateSlope()).as("%s", row).isLessThanOrEqualTo(row.aPrioriSlope());
            }
        }
    }
}
