package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;

/**
 * Theorem 4 (docs/theory.md section 4): for F = g_L o ... o g_1 and the pruned
 * F^ = g^_L o ... o g^_1, on every input x
 * <pre>  ||F^(x) - F(x)|| <= sum_l (prod_{j>l} K_j) e_l(x),   e_l(x) = ||g^_l(h^_{l-1}(x)) - g_l(h^_{l-1}(x))||,</pre>
 * with K_j the Lipschitz constants of the original blocks and h^ the pruned network's activations.
 *
 * <p>Everything is computed at full width: the pruned network is the original architecture with the
 * mixing applied ({@link GroupMixing#apply}), so both networks share the block decomposition
 * ({@link Block}). h^_l and F^(x) come from one forward pass of the pruned network; g_l(h^_{l-1}) from
 * the original network fed with h^_{l-1} at the block's input cut point. The forward passes come
 * through {@link Networks}, the port a backend implements; everything else here is plain Java.
 */
public final class Theorem4Check {

    /** Allowed lhs - rhs, relative to rhs: float32 rounding of the local errors. */
    public static final double RELATIVE_SLACK = 1e-4;
    /** Allowed lhs - rhs, relative to ||F(x)||: float32 rounding of the two logit vectors (about 100 eps). */
    public static final double LOGIT_SLACK = 1e-5;
    /** Samples per session run. */
    public static final int BATCH = 256;

    private Theorem4Check() {
    }

    /**
     * Per-sample quantities of the bound, before the constants enter.
     *
     * @param lhs         ||F^(x) - F(x)||
     * @param localErrors e_l(x), [sample][block]
     * @param logitNorms  ||F(x)||, the scale of the slack
     */
    public record Measurements(double[] lhs, double[][] localErrors, double[] logitNorms) {
    }

    /**
     * One point of "final discrepancy vs per-layer width".
     *
     * @param result the bound on every sample at this width, for histograms and violation details
     */
    public record CurvePoint(double ratio, Map<String, Integer> widths, double meanDiscrepancy, double meanBound,
                             Theorem4Result.Tightness tightness, int violations, Theorem4Result result) {
    }

    /** The check after {@code winnow prune}: the original model, the run's mixing, the calibration split. */
    public static Theorem4Result run(Networks networks, Architecture original, ModelWeights originalWeights,
                                     List<GroupMixing> mixing, Split calibration) {
        return run(networks, original, originalWeights, mixing, calibration, SpectralNorm.DEFAULT);
    }

    public static Theorem4Result run(Networks networks, Architecture original, ModelWeights originalWeights,
                                     List<GroupMixing> mixing, Split calibration, SpectralNorm norm) {
        List<BlockLipschitz> constants = BlockLipschitz.all(original, originalWeights, norm);
        ModelWeights pruned = GroupMixing.apply(original, originalWeights, mixing);
        return assess(constants, measure(networks, original, originalWeights, pruned, calibration));
    }

    /**
     * lhs and e_l on every sample of {@code data}.
     *
     * @param pruned the pruned network's weights at full width (fit {@code arch})
     */
    public static Measurements measure(Networks networks, Architecture arch, ModelWeights original,
                                       ModelWeights pruned, Split data) {
        List<Block> blocks = Block.of(arch);
        int count = data.size();
        double[] lhs = new double[count];
        double[][] local = new double[count][blocks.size()];
        double[] logitNorms = new double[count];
        try (Networks.Network f = networks.open(arch, original); Networks.Network fHat = networks.open(arch, pruned)) {
            for (int from = 0; from < count; from += BATCH) {
                Split batch = data.slice(from, Math.min(count, from + BATCH));
                int n = batch.size();
                Map<String, FloatArray> hHat = fHat.activations(batch.x(), n, blocks.map(Block::output));
                FloatArray logits = f.logits(batch.x(), n);
                FloatArray logitsHat = hHat.get(arch.classifier().name()).get();
                differences(logitsHat, logits, n, lhs, from, null, 0);
                differences(logits, null, n, logitNorms, from, null, 0);
                FloatArray previous = new FloatArray(inputShape(arch, n), java.util.Arrays.copyOf(batch.x(),
                        n * batch.sampleSize()));
                for (Block b : blocks) {
                    FloatArray g = f.cut(b.input(), b.output(), previous);
                    FloatArray gHat = hHat.get(b.output()).get();
                    differences(gHat, g, n, null, from, local, b.index());
                    previous = gHat;
                }
            }
        }
        return new Measurements(lhs, local, logitNorms);
    }

    /**
     * The verdict per sample: rhs = sum_l (prod_{j>l} K_j) e_l, pass when
     * lhs <= rhs (1 + {@link #RELATIVE_SLACK}) + {@link #LOGIT_SLACK} ||F(x)||.
     */
    public static Theorem4Result assess(List<BlockLipschitz> constants, Measurements m) {
        int blocks = constants.size();
        double[] tail = new double[blocks];
        double product = 1;
        for (int l = blocks - 1; l >= 0; l--) {
            tail[l] = product; // prod_{j>l} K_j
            product *= constants.get(l).bound();
        }
        int count = m.lhs().length;
        double[] rhs = new double[count];
        double[] slacks = new double[count];
        boolean[] passed = new boolean[count];
        List<Theorem4Result.Violation> violations = List.empty();
        for (int s = 0; s < count; s++) {
            if (m.localErrors()[s].length != blocks) {
                throw new IllegalArgumentException("sample " + s + " has " + m.localErrors()[s].length
                        + " local errors for " + blocks + " blocks");
            }
            double sum = 0;
            for (int l = 0; l < blocks; l++) {
                sum += tail[l] * m.localErrors()[s][l];
            }
            rhs[s] = sum;
            double slack = RELATIVE_SLACK * sum + LOGIT_SLACK * m.logitNorms()[s];
            slacks[s] = slack;
            passed[s] = m.lhs()[s] <= sum + slack;
            if (!passed[s]) {
                violations = violations.append(new Theorem4Result.Violation(s, m.lhs()[s], sum, slack));
            }
        }
        return new Theorem4Result(constants, m.lhs(), rhs, slacks, m.logitNorms(), m.localErrors(), passed, violations,
                Theorem4Result.Tightness.of(m.lhs(), rhs));
    }

    /**
     * Per-sample l2 norm of a - b (of a when b is null), into {@code into[from + s]} or
     * {@code local[from + s][column]}.
     */
    private static void differences(FloatArray a, FloatArray b, int n, double[] into, int from, double[][] local,
                                    int column) {
        float[] av = a.values();
        float[] bv = b == null ? null : b.values();
        int per = av.length / n;
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int i = s * per; i < (s + 1) * per; i++) {
                double d = bv == null ? av[i] : (double) av[i] - bv[i];
                sum += d * d;
            }
            if (local == null) {
                into[from + s] = Math.sqrt(sum);
            } else {
                local[from + s][column] = Math.sqrt(sum);
            }
        }
    }

    private static long[] inputShape(Architecture arch, int n) {
        if (arch.input() instanceof io.winnow.dsl.network.Shape.Image img) {
            return new long[] {n, img.height(), img.width(), img.channels()};
        }
        return new long[] {n, arch.input().size()};
    }
}
