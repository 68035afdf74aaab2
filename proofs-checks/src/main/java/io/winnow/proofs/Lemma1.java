package io.winnow.proofs;

import java.util.ArrayList;
import java.util.List;

/**
 * Lemma 1 (docs/theory.md section 3; docs/theory.md section 3.1): y* is the barycentre of the vertices
 * N phi_i with all weights 1/N > 0, so it lies in the relative interior of M and r > 0; with
 * neurons drawn from a fixed distribution in a fixed low dimension, r stays bounded away from 0
 * as N grows. Because M = N conv{phi_i}, the scale-free quantities are r/N (the inradius of
 * conv{phi_i} around its mean) and r/D.
 */
public final class Lemma1 {

    /** r, its affine dimension, and diam M for one instance. */
    public record Result(String instance, Inradius inradius, double diameter) {

        public boolean holds() {
            return inradius.radius() > 0;
        }
    }

    /** One point of the r-versus-N curve. */
    public record CurvePoint(int width, double radius, double diameter, double radiusOverWidth, double radiusOverDiameter) {
    }

    private Lemma1() {
    }

    public static Result check(Instance instance) {
        return new Result(instance.name(), instance.inradius(), instance.diameter());
    }

    /** r/N and r/D for phi_i uniform in [0, 1]^m at each width; one seeded instance per width. */
    public static List<CurvePoint> curve(int m, int[] widths, long seed) {
        List<CurvePoint> out = new ArrayList<>();
        for (int n : widths) {
            Instance instance = Instance.uniformCube(m, n, seed + n);
            double r = instance.inradius().radius();
            double d = instance.diameter();
            out.add(new CurvePoint(n, r, d, r / n, r / d));
        }
        return out;
    }

    /** The check as a result: a violation for every instance whose y* is not strictly inside. */
    public static CheckResult checkAll(List<Instance> instances) {
        List<Violation> violations = new ArrayList<>();
        for (Instance instance : instances) {
            Result result = check(instance);
            if (!result.holds()) {
                violations.add(new Violation(instance.name(), -1, "Lemma 1: r > 0", 0, result.inradius().radius(), 0));
            }
        }
        return new CheckResult("Lemma 1", instances.size(), 0, violations);
    }
}
