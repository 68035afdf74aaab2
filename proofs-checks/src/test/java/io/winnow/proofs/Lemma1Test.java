package io.winnow.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Lemma1Test {

    @Test
    void theTargetIsStrictlyInsideOnEveryRandomInstance() {
        SplittableRandom rng = new SplittableRandom(51);
        List<Instance> instances = new ArrayList<>();
        for (int trial = 0; trial < 150; trial++) {
            int m = 2 + rng.nextInt(2);
            instances.add(Instance.gaussian(m, 2 + rng.nextInt(25), rng.nextLong()));
        }
        // N <= m: M is a lower-dimensional simplex, r is measured in its affine hull.
        for (int trial = 0; trial < 30; trial++) {
            int m = 4 + rng.nextInt(6);
            instances.add(Instance.gaussian(m, 2 + rng.nextInt(m - 1), rng.nextLong()));
        }
        CheckResult result = Lemma1.checkAll(instances);
        assertThat(result.violations()).isEmpty();
        assertThat(result.checked()).isEqualTo(180);
    }

    @Test
    void aLayerWhoseNeuronsAllCoincideHasNoInteriorBallAndIsReported() {
        // A barycentre is never on the boundary of a proper polytope; when every N phi_i is the
        // same point, M is that point and there is no ball at all: r = 0 must be reported.
        Instance degenerate = Instance.of("one point", new double[][] {{1, 1, 1}, {2, 2, 2}});
        assertThat(Lemma1.checkAll(List.of(degenerate)).holds()).isFalse();
    }

    @Test
    void theScaledInradiusStaysBoundedAwayFromZeroAsTheWidthGrows() {
        // phi_i uniform in [0,1]^m: conv{phi_i} tends to the cube, so r/N tends to 1/2 and r/D
        // to 1/(2 sqrt m) (D/N -> sqrt m).
        for (int m = 2; m <= 3; m++) {
            int[] widths = m == 2 ? new int[] {16, 32, 64, 128, 256} : new int[] {16, 32, 64};
            List<Lemma1.CurvePoint> curve = Lemma1.curve(m, widths, 52);
            for (Lemma1.CurvePoint p : curve) {
                assertThat(p.radiusOverWidth()).as("m=%d N=%d", m, p.width()).isGreaterThan(0.1).isLessThan(0.5);
            }
            assertThat(curve.get(curve.size() - 1).radiusOverWidth())
                    .isGreaterThanOrEqualTo(curve.get(0).radiusOverWidth() - 0.05);
        }
    }
}
