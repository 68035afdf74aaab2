package io.winnow.bench;

import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Polish;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Greedy selection on a Gram matrix: a whole count run keeping half of N neurons. Each step is
 * O(N) with G a updated incrementally (docs/theory.md section 1), so a run of ~N/2 steps costs O(N^2);
 * the polish after the count solves the face of the kept set exactly (Wolfe's min-norm point with
 * Cholesky updates, O(k^3) at worst). Run with {@code bench/benchmarks.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SelectionBenchmark {

    @Param({"256", "1024", "2048"})
    int width;

    Gram gram;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        int m = 2 * width;
        double[][] phi = new double[m][width];
        for (double[] row : phi) {
            for (int i = 0; i < width; i++) {
                row[i] = rnd.nextDouble() - 0.3;
            }
        }
        gram = Gram.ofPhi(phi);
    }

    @Benchmark
    public Selection optimizeGammaHalfWithoutPolish() {
        return OptimizeGamma.select(gram, Stop.atCount(width / 2).withoutPolish());
    }

    /** The default: polish of its own set, then of GFS's set, the lower face kept. */
    @Benchmark
    public Selection optimizeGammaHalfWithPolish() {
        return OptimizeGamma.select(gram, Stop.atCount(width / 2));
    }

    /** Polish of its own set only: the cost of the GFS comparison is the difference to the default. */
    @Benchmark
    public Selection optimizeGammaHalfWithPolishOwnSetOnly() {
        return OptimizeGamma.select(gram, Stop.atCount(width / 2).withPolish(Polish.DEFAULT.withoutGfsComparison()));
    }

    @Benchmark
    public Selection fixedGammaHalf() {
        return FixedGamma.select(gram, Stop.atCount(width / 2));
    }
}
