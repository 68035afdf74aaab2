package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Power iteration against the largest singular value of the explicit matrix (Jacobi, double). */
class SpectralNormTest {

    @Test
    void theDenseEstimateMatchesTheExplicitMatrixWithBatchNormFolded() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            int in = 2 + random.nextInt(12);
            int out = 2 + random.nextInt(12);
            float[] w = gaussian(random, in * out);
            double[] s = new double[out];
            for (int o = 0; o < out; o++) {
                s[o] = 0.1 + 2 * random.nextDouble();
            }
            double[][] a = new double[out][in];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    a[o][i] = w[i * out + o] * s[o];
                }
            }
            double exact = largestSingularValue(a);
            SpectralNorm.Estimate e = SpectralNorm.DEFAULT.of(LinearMap.dense(w, in, out, s));
            assertThat(e.converged()).isTrue();
            assertThat(e.estimate()).isCloseTo(exact, within(1e-6 * exact));
            assertThat(e.bound()).isGreaterThanOrEqualTo(exact).isCloseTo(exact * 1.001, within(1e-6 * exact));
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3} filters, kernel {4}, stride {5}, {6}")
    @CsvSource({"5,5,2,3,3,1,SAME", "6,5,2,3,3,2,SAME", "6,6,1,2,3,1,VALID", "7,7,2,2,5,2,VALID", "4,4,3,2,1,2,SAME"})
    void theConvEstimateMatchesTheExplicitMatrixOfATinyConv(int h, int w, int in, int out, int k, int stride,
                                                            Padding padding) {
        SplittableRandom random = new SplittableRandom(h * 31L + k);
        float[] kernel = gaussian(random, k * k * in * out);
        double[] s = {0.5, 1.7, 0.9};
        double[] scale = java.util.Arrays.copyOf(s, out);
        LinearMap map = LinearMap.conv(kernel, k, in, out, h, w, stride, padding, scale);
        double[][] a = new double[map.outputSize()][map.inputSize()];
        for (int j = 0; j < map.inputSize(); j++) {
            double[] e = new double[map.inputSize()];
            e[j] = 1;
            double[] col = map.apply(e);
            for (int i = 0; i < col.length; i++) {
                a[i][j] = col[i];
            }
        }
        double exact = largestSingularValue(a);
        SpectralNorm.Estimate e = SpectralNorm.DEFAULT.of(map);
        assertThat(e.estimate()).isCloseTo(exact, within(1e-6 * exact));
        assertThat(e.bound()).isGreaterThanOrEqualTo(exact);
    }

    @Test
    void theConvMapComputesWhatTensorFlowsConvComputes() {
        for (int stride : new int[] {1, 2}) {
            for (Padding padding : Padding.values()) {
                Architecture arch = Architecture.builder("c", new Shape.Image(7, 6, 2))
                        .conv("c", 3, 3, stride, padding).flatten("f").dense("logits", 2).build();
                ModelWeights w = ModelWeights.init(arch, 5);
                SplittableRandom random = new SplittableRandom(9);
                float[] x = gaussian(random, 2 * 7 * 6 * 2);
                try (Model m = Model.build(arch, w)) {
                    FloatArray tf = m.activations(x, 2, List.of("c")).get("c").get();
                    LinearMap map = BlockLipschitz.linearMap(arch.layer("c").get(), arch.input(), w, null);
                    for (int s = 0; s < 2; s++) {
                        double[] xs = new double[map.inputSize()];
                        for (int i = 0; i < xs.length; i++) {
                            xs[i] = x[s * xs.length + i];
                        }
                        double[] y = map.apply(xs);
                        assertThat(y.length * 2).isEqualTo(tf.values().length);
                        for (int i = 0; i < y.length; i++) {
                            assertThat((double) tf.values()[s * y.length + i]).isCloseTo(y[i], within(1e-5));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theAdjointsSatisfyTheInnerProductIdentity() {
        SplittableRandom random = new SplittableRandom(4);
        List<LinearMap> maps = List.of(
                LinearMap.conv(gaussian(random, 3 * 3 * 2 * 4), 3, 2, 4, 7, 5, 2, Padding.SAME, LinearMap.ones(4)),
                LinearMap.conv(gaussian(random, 2 * 2 * 3 * 2), 2, 3, 2, 6, 6, 1, Padding.VALID, new double[] {2, -1}),
                LinearMap.dense(gaussian(random, 6 * 4), 6, 4, new double[] {1, 2, 3, 4}));
        for (LinearMap map : maps) {
            double[] x = toDouble(gaussian(random, map.inputSize()));
            double[] y = toDouble(gaussian(random, map.outputSize()));
            double left = dot(map.apply(x), y);
            double right = dot(x, map.adjoint(y));
            assertThat(left).isCloseTo(right, within(1e-10 * (1 + Math.abs(left))));
        }
    }

    @Test
    void theIterationCapIsReportedAsNotConverged() {
        SplittableRandom random = new SplittableRandom(8);
        SpectralNorm.Estimate e = new SpectralNorm(2, 1e-15, 0, 1).of(LinearMap.dense(gaussian(random, 400), 20, 20,
                LinearMap.ones(20)));
        assertThat(e.converged()).isFalse();
        assertThat(e.iterations()).isEqualTo(2);
    }

    @Test
    void lanczosRestartsPastItsBasisAndMatchesALongPowerIterationInAFractionOfTheProducts() {
        // 10x10x6 inputs: 600 unknowns, far more than the 48 Lanczos vectors kept between restarts.
        SplittableRandom random = new SplittableRandom(12);
        LinearMap map = LinearMap.conv(gaussian(random, 3 * 3 * 6 * 8), 3, 6, 8, 10, 10, 1, Padding.SAME,
                LinearMap.ones(8));
        double[] v = toDouble(gaussian(random, map.inputSize()));
        double lambda = 0;
        for (int it = 0; it < 20000; it++) { // the reference: plain power iteration, run long
            double[] w = map.adjoint(map.apply(v));
            lambda = Math.sqrt(dot(w, w));
            for (int i = 0; i < w.length; i++) {
                w[i] /= lambda;
            }
            v = w;
        }
        SpectralNorm.Estimate e = SpectralNorm.DEFAULT.of(map);
        assertThat(e.converged()).isTrue();
        assertThat(e.estimate()).isCloseTo(Math.sqrt(lambda), within(1e-7 * Math.sqrt(lambda)));
        assertThat(e.iterations()).as("products of A^T A").isLessThan(500);
        assertThat(SpectralNorm.largestEigenpair(new double[] {2, 1, 3}, new double[] {1, 0.5}, 3)[0])
                .as("the tridiagonal's largest eigenvalue, by its characteristic polynomial's root")
                .isCloseTo(largestRoot(), within(1e-12));
    }

    /** The largest root of det(T - x I) for T = tridiag(alpha 2, 1, 3; beta 1, 0.5), by bisection. */
    private static double largestRoot() {
        java.util.function.DoubleUnaryOperator det = x -> (2 - x) * ((1 - x) * (3 - x) - 0.25) - (3 - x);
        double lo = 3;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (Math.signum(det.applyAsDouble(mid)) == Math.signum(det.applyAsDouble(hi))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** sqrt of the largest eigenvalue of A^T A by cyclic Jacobi rotations. */
    static double largestSingularValue(double[][] a) {
        int n = a[0].length;
        double[][] m = new double[n][n];
        for (double[] row : a) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i][j] += row[i] * row[j];
                }
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            if (off < 1e-26) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                }
            }
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, m[i][i]);
        }
        return Math.sqrt(max);
    }
}
