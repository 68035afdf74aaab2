package io.winnow.bench;

import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GFS (fixed step, keep k = 128 of N = 256, m = 2560 rows of Phi) two ways: Winnow's Gram route,
 * O(N) per candidate once G is built, against the authors' route of scoring each candidate on its
 * explicit output vector, O(m) per candidate (here as a tight Java loop over Phi, the "vectorised
 * candidates" form; the released code's masked forward passes cost far more). Both pick the same
 * neurons (checked in {@link #setUp}). {@code gramBuild} is the one-off cost of G from Phi, which
 * Winnow's statistics pass pays on the calibration data anyway. Run with {@code bench/benchmarks.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GfsRouteBenchmark {

    static final int N = 256;
    static final int K = 128;
    static final int M = 2560;

    double[][] phi;
    /** Phi by neuron: column i of Phi, for the per-candidate route. */
    double[][] columns;
    Gram gram;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(3);
        phi = new double[M][N];
        columns = new double[N][M];
        for (int r = 0; r < M; r++) {
            for (int i = 0; i < N; i++) {
                phi[r][i] = rnd.nextDouble() - 0.3;
                columns[i][r] = phi[r][i];
            }
        }
        gram = Gram.ofPhi(phi);
        int[] viaGram = gramRoute().kept();
        int[] explicit = perCandidate().clone();
        Arrays.sort(viaGram);
        Arrays.sort(explicit);
        if (!Arrays.equals(viaGram, explicit)) {
            throw new IllegalStateException("the two routes kept different neurons");
        }
    }

    @Benchmark
    public Selection gramRoute() {
        return FixedGamma.select(gram, Stop.atCount(K).withoutPolish());
    }

    @Benchmark
    public Gram gramBuild() {
        return Gram.ofPhi(phi);
    }

    /** GFS scored on explicit outputs: f = (1 - g) f + g N phi_i, each candidate's ||y* - f||^2 in O(m). */
    @Benchmark
    public int[] perCandidate() {
        double[] target = new double[M];
        for (double[] column : columns) {
            for (int r = 0; r < M; r++) {
                target[r] += column[r];
            }
        }
        double[] f = new double[M];
        boolean[] used = new boolean[N];
        int[] kept = new int[K];
        for (int k = 0; k < K; k++) {
            double g = 1.0 / (k + 1);
            int best = -1;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int i = 0; i < N; i++) {
                if (used[i]) {
                    continue;
                }
                double[] column = columns[i];
                double loss = 0;
                for (int r = 0; r < M; r++) {
                    double d = target[r] - ((1 - g) * f[r] + g * N * column[r]);
                    loss += d * d;
                }
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = i;
                }
            }
            used[best] = true;
            kept[k] = best;
            double[] column = columns[best];
            for (int r = 0; r < M; r++) {
                f[r] = (1 - g) * f[r] + g * N * column[r];
            }
        }
        return kept;
    }
}
