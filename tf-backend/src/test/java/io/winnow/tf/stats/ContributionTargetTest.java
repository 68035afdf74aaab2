package io.winnow.tf.stats;

import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import io.winnow.dsl.network.Padding;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.Random;

import static io.winnow.tf.stats.ContributionGramTest.concat;
import static io.winnow.tf.stats.ContributionGramTest.explicitConv;
import static io.winnow.tf.stats.ContributionGramTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checks the target terms b_i = <y*, phi_i> and ||y*||^2 for y* from the original network's inputs
 * against their definitions, with phi_i (pruned inputs) and y* = sum_i phi_i^orig computed explicitly
 * in double precision.
 */
class ContributionTargetTest {

    private static final double TOLERANCE = 1e-4; // float32 products per batch, relative to the largest term

    @Test
    void convolutionConsumersMatchTheExplicitCrossTermsForEveryPaddingAndStride() {
        for (Padding padding : Padding.values()) {
            for (int stride = 1; stride <= 2; stride++) {
                Random rnd = new Random(20 + stride);
                int batch = 3, h = 6, wd = 5, n = 4, k = 3, out = 2;
                float[] xp = random(rnd, batch * h * wd * n);
                float[] xo = random(rnd, batch * h * wd * n);
                float[] kernel = random(rnd, k * k * n * out);
                assertCloseToExplicit(n, List.of(new ContributionGram.Consumer.Conv(k, stride, padding, out, kernel)),
                        List.<float[][]>of(new float[][] {xp}), List.<float[][]>of(new float[][] {xo}),
                        List.of(new long[] {batch, h, wd, n}),
                        explicitConv(xp, kernel, batch, h, wd, n, k, stride, padding, out),
                        explicitConv(xo, kernel, batch, h, wd, n, k, stride, padding, out));
            }
        }
    }

    @Test
    void aDenseConsumerOverAFlattenedImageAndSeveralBatchesAddUp() {
        Random rnd = new Random(5);
        int batch = 4, pixels = 6, n = 3, out = 2;
        float[] w = random(rnd, pixels * n * out);
        float[][] xp = {random(rnd, batch * pixels * n), random(rnd, batch * pixels * n)};
        float[][] xo = {random(rnd, batch * pixels * n), random(rnd, batch * pixels * n)};
        double[][] phiP = concat(dense(xp[0], w, batch, pixels, n, out), dense(xp[1], w, batch, pixels, n, out));
        double[][] phiO = concat(dense(xo[0], w, batch, pixels, n, out), dense(xo[1], w, batch, pixels, n, out));
        assertCloseToExplicit(n, List.of(new ContributionGram.Consumer.Dense(pixels, out, w)),
                List.<float[][]>of(new float[][] {xp[0]}, new float[][] {xp[1]}),
                List.<float[][]>of(new float[][] {xo[0]}, new float[][] {xo[1]}),
                List.of(new long[] {batch, pixels * n}), phiP, phiO);
    }

    @Test
    void theOriginalInputsEqualToThePrunedOnesGiveTheDefaultTarget() {
        Random rnd = new Random(6);
        int batch = 5, n = 4, out = 3;
        float[] a = random(rnd, batch * n);
        float[] w = random(rnd, n * out);
        List<ContributionGram.Consumer> consumers = List.of(new ContributionGram.Consumer.Dense(1, out, w));
        try (ContributionGram gram = new ContributionGram(n, consumers);
             ContributionTarget target = new ContributionTarget(n, consumers);
             TFloat32 x = TFloat32.tensorOf(Shape.of(batch, n), DataBuffers.of(a, true, false))) {
            gram.add(List.of(x));
            target.add(List.of(x), List.of(x));
            Gram g = Gram.of(n, gram.dimension(), gram.gram());
            for (int i = 0; i < n; i++) {
                assertThat(target.inner()[i]).isCloseTo(g.rowSum(i), within(TOLERANCE * g.total()));
            }
            assertThat(target.normSq()).isCloseTo(g.total(), within(TOLERANCE * g.total()));
        }
    }

    @Test
    void aGramWithATargetMeasuresTheLossAgainstThatTarget() {
        Random rnd = new Random(7);
        int m = 30, n = 6;
        double[][] phi = new double[m][n];
        double[] y = new double[m];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) {
                phi[r][i] = rnd.nextGaussian();
            }
            y[r] = 3 * rnd.nextGaussian();
        }
        double[] b = new double[n];
        double yy = 0;
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) {
                b[i] += y[r] * phi[r][i];
            }
            yy += y[r] * y[r];
        }
        Gram g = Gram.withTarget(Gram.ofPhi(phi), b, yy);
        double[] a = {0.1, 0.3, 0, 0.2, 0.25, 0.15};
        double expected = 0;
        for (int r = 0; r < m; r++) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += n * a[i] * phi[r][i];
            }
            expected += (f - y[r]) * (f - y[r]);
        }
        assertThat(g.loss(a)).isCloseTo(expected / m, within(1e-9 * yy));
        assertThat(g.emptyLoss()).isCloseTo(yy / m, within(1e-12 * yy));
        Selection s = OptimizeGamma.select(g, Stop.atCount(3));
        assertThat(s.loss()).isCloseTo(g.loss(s.weights()), within(1e-9 * yy));
    }

    private static double[][] dense(float[] x, float[] w, int batch, int pixels, int n, int out) {
        double[][] phi = new double[batch * out][n];
        for (int s = 0; s < batch; s++) {
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < pixels; p++) {
                    for (int i = 0; i < n; i++) {
                        phi[s * out + o][i] += (double) x[s * pixels * n + p * n + i] * w[(p * n + i) * out + o];
                    }
                }
            }
        }
        return phi;
    }

    private static void assertCloseToExplicit(int n, List<ContributionGram.Consumer> consumers, List<float[][]> pruned,
                                              List<float[][]> original, List<long[]> shapes, double[][] phiP,
                                              double[][] phiO) {
        double[] b = new double[n];
        double yy = 0;
        for (int r = 0; r < phiP.length; r++) {
            double y = 0;
            for (int i = 0; i < n; i++) {
                y += phiO[r][i];
            }
            for (int i = 0; i < n; i++) {
                b[i] += y * phiP[r][i];
            }
            yy += y * y;
        }
        try (ContributionTarget target = new ContributionTarget(n, consumers)) {
            for (int t = 0; t < pruned.size(); t++) {
                List<TFloat32> p = new java.util.ArrayList<>();
                List<TFloat32> o = new java.util.ArrayList<>();
                try {
                    for (int k = 0; k < consumers.size(); k++) {
                        p.add(TFloat32.tensorOf(Shape.of(shapes.get(k)), DataBuffers.of(pruned.get(t)[k], true, false)));
                        o.add(TFloat32.tensorOf(Shape.of(shapes.get(k)), DataBuffers.of(original.get(t)[k], true, false)));
                    }
                    target.add(p, o);
                } finally {
                    p.forEach(TFloat32::close);
                    o.forEach(TFloat32::close);
                }
            }
            double scale = yy;
            for (int i = 0; i < n; i++) {
                assertThat(target.inner()[i]).as("b[%d]", i).isCloseTo(b[i], within(TOLERANCE * scale));
            }
            assertThat(target.normSq()).isCloseTo(yy, within(TOLERANCE * scale));
        }
    }
}
