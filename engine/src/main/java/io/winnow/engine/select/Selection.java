package io.winnow.engine.select;

import io.winnow.dsl.StepRule;
import io.winnow.engine.mixing.Mixing;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The result of greedy selection on one layer: the mixing weights a (in the simplex), the
 * neurons kept (a_i > 0) and the record of every step, enough to replay the run and to check
 * the section 3 inequalities on it afterwards.
 *
 * @param rule        optimizeGamma or fixedGamma
 * @param width       N
 * @param dimension   m, the length of each phi_i
 * @param start       optimizeGamma's best single neuron (f_0 = N phi_start); empty for fixedGamma, which starts at f_0 = 0
 * @param emptyLoss   L(empty) = ||y*||^2 / m
 * @param initialLoss L_0 = L(f_0)
 * @param lossScale   {@link Gram#lossScale()}: the size against which rounding of L is measured
 * @param steps       one record per step, in order
 * @param weights     the final a; kept neuron i carries the multiplier c_i = N a_i (docs/theory.md section 1).
 *                    The replay of the steps ({@link #weightsAfter}) unless {@code gfs} was taken, then GFS's polished face
 * @param stopped     why the run ended (a count budget reports COUNT_REACHED also after polishing)
 * @param polished    how optimizeGamma's corrective phase ({@link Polish}) ended; NOT_RUN for fixedGamma
 * @param gfs         optimizeGamma's comparison with the GFS set at a count budget, when it ran
 * @param deadDropped neurons with a_i > 0 whose contribution phi_i is 0 on the calibration data
 *                    (G_ii = 0), ascending: they only carry mass in the simplex, change nothing on the data,
 *                    and are not kept ({@link #kept()}); a kept dead neuron would fire with gain N a_i on
 *                    inputs where it is alive
 */
public record Selection(
        StepRule rule,
        int width,
        long dimension,
        OptionalInt start,
        double emptyLoss,
        double initialLoss,
        double lossScale,
        List<SelectionStep> steps,
        double[] weights,
        StopReason stopped,
        Polish.Outcome polished,
        Optional<GfsComparison> gfs,
        List<Integer> deadDropped) {

    public Selection {
        steps = List.copyOf(steps);
        weights = weights.clone();
        deadDropped = List.copyOf(deadDropped);
    }

    /** A run whose weights are the replay of its steps (no comparison with GFS's set). */
    public Selection(StepRule rule, int width, long dimension, OptionalInt start, double emptyLoss, double initialLoss,
            double lossScale, List<SelectionStep> steps, double[] weights, StopReason stopped, Polish.Outcome polished) {
        this(rule, width, dimension, start, emptyLoss, initialLoss, lossScale, steps, weights, stopped, polished,
                Optional.empty(), List.of());
    }

    /**
     * The same run with its dead neurons dropped: those with a_i > 0 and G_ii = ||phi_i||^2 = 0
     * (docs/theory.md section 2, "Dead neurons"). None is dropped when every neuron with a_i > 0 is dead
     * (the layer's output is 0 on the data): a pruned layer keeps at least one channel.
     */
    public Selection withDeadDropped(Gram gram) {
        List<Integer> dead = IntStream.range(0, width).filter(i -> weights[i] > 0 && gram.entry(i, i) == 0)
                .boxed().toList();
        long mass = IntStream.range(0, width).filter(i -> weights[i] > 0).count();
        return new Selection(rule, width, dimension, start, emptyLoss, initialLoss, lossScale, steps, weights, stopped,
                polished, gfs, dead.size() < mass ? dead : List.of());
    }

    /** The same run with another step record; for testing that checkers catch a wrong record. */
    public Selection withSteps(List<SelectionStep> otherSteps) {
        return new Selection(rule, width, dimension, start, emptyLoss, initialLoss, lossScale, otherSteps, weights,
                stopped, polished, gfs, deadDropped);
    }

    /** Whether the weights are GFS's polished face rather than the end of the recorded path. */
    public boolean tookGfsFace() {
        return gfs.map(GfsComparison::taken).orElse(false);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The neurons with a_i > 0 that are not {@link #deadDropped() dead}, ascending: the pruned layer's channels. */
    public int[] kept() {
        return IntStream.range(0, width).filter(i -> weights[i] > 0 && !deadDropped.contains(i)).toArray();
    }

    /** The multiplier c_i = N a_i of each kept neuron, in the order of {@link #kept()} (docs/theory.md section 1). */
    public double[] multipliers() {
        int[] kept = kept();
        double[] c = new double[kept.length];
        for (int j = 0; j < kept.length; j++) {
            c[j] = width * weights[kept[j]];
        }
        return c;
    }

    /** The kept neurons with their multipliers: what surgery folds into the consumers. */
    public Mixing mixing() {
        return new Mixing(kept(), multipliers());
    }

    /** How many steps were polish steps ({@link SelectionStep#polish()}). */
    public int polishSteps() {
        return (int) steps.stream().filter(SelectionStep::polish).count();
    }

    /** L of the final weights: after the last step, or of GFS's polished face when that was taken. */
    public double loss() {
        if (tookGfsFace()) {
            return gfs.get().faceLoss();
        }
        return pathLoss();
    }

    /** L after the last recorded step (L_0 without steps). */
    public double pathLoss() {
        return steps.isEmpty() ? initialLoss : steps.get(steps.size() - 1).lossAfter();
    }

    /** L_0, L_1, ..., L_n: the loss before the first step and after every step. */
    public double[] losses() {
        double[] out = new double[steps.size() + 1];
        out[0] = initialLoss;
        for (int k = 0; k < steps.size(); k++) {
            out[k + 1] = steps.get(k).lossAfter();
        }
        return out;
    }

    /** a after the first k steps, replayed with the engine's own update (bit-identical to the run). */
    public double[] weightsAfter(int k) {
        double[] a = new double[width];
        start.ifPresent(i -> a[i] = 1);
        for (int s = 0; s < k; s++) {
            replay(a, steps.get(s));
        }
        return a;
    }

    /**
     * Applies one recorded step to the weights a in place, with the engine's own update: a toward,
     * away or face step exactly as the run took it, so a replay from a record is bit-identical.
     */
    public static void replay(double[] a, SelectionStep step) {
        if (step.face().isPresent()) {
            step.face().get().applyTo(a);
        } else {
            GreedyPath.moveWeights(a, step.neuron(), step.gamma());
        }
    }

    /** The lower end of U_i = [-a_i/(1-a_i), 1] (docs/theory.md section 2): the largest away step from a_i. */
    public static double lowestGamma(double ai) {
        return GreedyPath.lowerEnd(ai);
    }
}
