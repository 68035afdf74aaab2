package io.winnow.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeometryTest {

    private static List<Polytopes.Known> known() {
        List<Polytopes.Known> out = new ArrayList<>();
        for (int d = 1; d <= 6; d++) {
            out.add(Polytopes.regularSimplex(d));
        }
        for (int d = 2; d <= 5; d++) {
            out.add(Polytopes.crossPolytope(d));
        }
        for (int d = 2; d <= 4; d++) {
            out.add(Polytopes.hypercube(d));
        }
        return out;
    }

    @Test
    void theGenericRoutineRecoversTheKnownInradiusOfConstructedPolytopes() {
        for (Polytopes.Known p : known()) {
            Inradius r = Geometry.inradius(p.vertices(), p.centre());
            assertThat(r.radius()).as(p.name()).isCloseTo(p.inradius(), within(1e-12));
        }
    }

    @Test
    void theInradiusIsMeasuredWithinTheAffineHullAfterARandomIsometry() {
        long seed = 1;
        for (Polytopes.Known p : known()) {
            int d = p.centre().length;
            Polytopes.Known moved = Polytopes.embedded(p, d + 3, seed++);
            Inradius r = Geometry.inradius(moved.vertices(), moved.centre());
            assertThat(r.radius()).as(moved.name()).isCloseTo(p.inradius(), within(1e-10));
        }
    }

    @Test
    void theSimplexSitsInAHyperplaneSoItsAffineDimensionIsOneLess() {
        assertThat(Geometry.inradius(Polytopes.regularSimplex(4).vertices(), Polytopes.regularSimplex(4).centre()).dimension())
                .isEqualTo(4);
    }

    @Test
    void inThePlaneTheBruteForceRoutineAgreesWithTheConvexHull() {
        SplittableRandom rng = new SplittableRandom(41);
        for (int trial = 0; trial < 200; trial++) {
            Instance instance = Instance.gaussian(2, 3 + rng.nextInt(30), rng.nextLong());
            double generic = instance.inradius().radius();
            double planar = Geometry.planarInradius(instance.vertices(), instance.target()).radius();
            assertThat(generic).isCloseTo(planar, within(1e-9 * instance.diameter()));
        }
    }

    @Test
    void coplanarPointsInThreeDimensionsAreMeasuredInTheirPlane() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 50; trial++) {
            Instance flat = Instance.gaussian(2, 4 + rng.nextInt(10), rng.nextLong());
            Polytopes.Known lifted = Polytopes.embedded(
                    new Polytopes.Known("flat", flat.vertices(), flat.target(), Double.NaN), 3, rng.nextLong());
            Inradius r = Geometry.inradius(lifted.vertices(), lifted.centre());
            assertThat(r.dimension()).isEqualTo(2);
            assertThat(r.radius()).isCloseTo(flat.inradius().radius(), within(1e-9 * flat.diameter()));
        }
    }

    @Test
    void theDiameterOfTheUnitCubeIsItsLongDiagonal() {
        assertThat(Geometry.diameter(Polytopes.hypercube(3).vertices())).isCloseTo(2 * Math.sqrt(3), within(1e-14));
    }
}
