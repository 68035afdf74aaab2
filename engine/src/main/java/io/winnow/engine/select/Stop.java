package io.winnow.engine.select;

import io.winnow.dsl.Budget;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * When one layer's greedy selection stops (docs/theory.md section 2, "Stopping per layer").
 * Selection stops at the first of: the support reaches {@code count}, L <= epsilon * L(empty),
 * or {@code maxSteps} steps were taken. The engines also stop when no step decreases L.
 *
 * <p>Count with away steps: optimizeGamma's support changes by at most one per step, so
 * "stop as soon as the support reaches k" stops at support exactly k, at the first step that
 * brings it there. Steps that move weight among kept neurons, or drop one, do not count.
 * There optimizeGamma then runs its corrective phase ({@link Polish}, on by default): the
 * support stays at most k and the weights of the kept neurons are optimised.
 *
 * @param polish the corrective phase after a count is reached; ignored without a count, and by fixedGamma
 */
public record Stop(OptionalInt count, OptionalDouble tolerance, int maxSteps, Polish polish) {

    /** Guard against endless toward/away steps that only shuffle rounding noise. */
    public static final int DEFAULT_MAX_STEPS = 10_000;

    public Stop {
        if (count.isPresent() && count.getAsInt() < 1) {
            throw new IllegalArgumentException("a count needs k >= 1, got " + count.getAsInt());
        }
        if (tolerance.isPresent() && !(tolerance.getAsDouble() >= 0 && tolerance.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("a tolerance needs 0 <= epsilon <= 1, got " + tolerance.getAsDouble());
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        }
        java.util.Objects.requireNonNull(polish, "polish");
    }

    /** Keep k neurons; optimizeGamma then polishes their weights ({@link Polish#DEFAULT}). */
    public static Stop atCount(int k) {
        return new Stop(OptionalInt.of(k), OptionalDouble.empty(), DEFAULT_MAX_STEPS, Polish.DEFAULT);
    }

    /** Stop when L <= epsilon * L(empty), L(empty) = ||y*||^2 / m. */
    public static Stop atTolerance(double epsilon) {
        return new Stop(OptionalInt.empty(), OptionalDouble.of(epsilon), DEFAULT_MAX_STEPS, Polish.NONE);
    }

    /** Stop after this many steps whatever else holds. */
    public Stop withMaxSteps(int steps) {
        return new Stop(count, tolerance, steps, polish);
    }

    /** The same stop with another corrective phase; {@link Polish#NONE} gives the bare greedy path. */
    public Stop withPolish(Polish p) {
        return new Stop(count, tolerance, maxSteps, p);
    }

    /** The same stop without the corrective phase: stop as soon as the support first reaches k. */
    public Stop withoutPolish() {
        return withPolish(Polish.NONE);
    }

    /**
     * The one-layer stop for a recipe budget on a layer of this width. Count and ratio are
     * resolved here; FLOPs and accuracy budgets need the whole model, so the plan resolves them
     * to a count first and this method refuses them.
     */
    public static Stop from(Budget budget, int width) {
        if (budget instanceof Budget.Count c) {
            return atCount(c.k());
        } else if (budget instanceof Budget.Ratio r) {
            return atCount(r.of(width));
        } else if (budget instanceof Budget.Tolerance t) {
            return atTolerance(t.epsilon());
        } else {
            throw new IllegalArgumentException(budget + " is a whole-model budget; resolve it to a per-layer count first");
        }
    }

    boolean reached(int support, double loss, double emptyLoss) {
        return (count.isPresent() && support >= count.getAsInt())
                || (tolerance.isPresent() && loss <= tolerance.getAsDouble() * emptyLoss);
    }

    StopReason reason(int support, double loss, double emptyLoss) {
        return count.isPresent() && support >= count.getAsInt() ? StopReason.COUNT_REACHED : StopReason.TOLERANCE_REACHED;
    }
}
