package io.winnow.tf.stats;

import io.winnow.engine.select.Gram;
import io.winnow.dsl.network.Padding;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the accumulated Gram matrix against its definition G_ij = <phi_i, phi_j>, with every
 * phi_i computed explicitly in double precision as channel i's own contribution to each
 * consumer's output.
 */
class ContributionGramTest {

    private static final double TOLERANCE = 1e-4; // float32 products per batch, relative to max |G|

    @Test
    void aDenseConsumerGivesTheHadamardFormula() {
        Random rnd = new Random(1);
        int batch = 7, n = 5, out = 3;
        float[] a = random(rnd, batch * n);
        float[] w = random(rnd, n * out);
        double[][] phi = new double[batch * out][n];
        for (int s = 0; s < batch; s++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < n; i++) {
                    phi[s * out + o][i] = (double) a[s * n + i] * w[i * out + o];
                }
            }
        }
        ContributionGram.Consumer dense = new ContributionGram.Consumer.Dense(1, out, w);
        assertCloseToExplicit(n, List.of(dense), List.<float[][]>of(new float[][]{a}), List.of(new long[]{batch, n}), phi);
    }

    @Test
    void aDenseLayerOverAFlattenedImageSumsOverPixels() {
        Random rnd = new Random(2);
        int batch = 4, pixels = 6, n = 3, out = 2;
        float[] x = random(rnd, batch * pixels * n);
        float[] w = random(rnd, pixels * n * out);
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
        ContributionGram.Consumer dense = new ContributionGram.Consumer.Dense(pixels, out, w);
        assertCloseToExplicit(n, List.of(dense), List.<float[][]>of(new float[][]{x}), List.of(new long[]{batch, pixels * n}), phi);
    }

    @Test
    void convolutionConsumersUsePatchStatisticsForEveryPaddingAndStride() {
        for (Padding padding : Padding.values()) {
            for (int stride = 1; stride <= 2; stride++) {
                Random rnd = new Random(10 + stride);
                int batch = 3, h = 6, wd = 5, n = 4, k = 3, out = 2;
                float[] x = random(rnd, batch * h * wd * n);
                float[] kernel = random(rnd, k * k * n * out);
                double[][] phi = explicitConv(x, kernel, batch, h, wd, n, k, stride, padding, out);
                ContributionGram.Consumer conv = new ContributionGram.Consumer.Conv(k, stride, padding, out, kernel);
                assertCloseToExplicit(n, List.of(conv), List.<float[][]>of(new float[][]{x}),
                        List.of(new long[]{batch, h, wd, n}), phi);
            }
        }
    }

    @Test
    void severalConsumersAndBatchesAddUp() {
        Random rnd = new Random(3);
        int batch = 4, h = 4, wd = 4, n = 3, k = 3, out = 2;
        float[] x1 = random(rnd, batch * h * wd * n);
        float[] x2 = random(rnd, batch * h * wd * n);
        float[] kernel = random(rnd, k * k * n * out);
        float[] kernel1x1 = random(rnd, n * out);
        double[][] a = explicitConv(x1, kernel, batch, h, wd, n, k, 1, Padding.SAME, out);
        double[][] b = explicitConv(x1, kernel1x1, batch, h, wd, n, 1, 2, Padding.SAME, out);
        double[][] c = explicitConv(x2, kernel, batch, h, wd, n, k, 1, Padding.SAME, out);
        double[][] d = explicitConv(x2, kernel1x1, batch, h, wd, n, 1, 2, Padding.SAME, out);
        double[][] phi = concat(concat(a, b), concat(c, d));
        List<ContributionGram.Consumer> consumers = List.of(
                new ContributionGram.Consumer.Conv(k, 1, Padding.SAME, out, kernel),
                new ContributionGram.Consumer.Conv(1, 2, Padding.SAME, out, kernel1x1));
        long[] shape = {batch, h, wd, n};
        assertCloseToExplicit(n, consumers, List.<float[][]>of(new float[][]{x1, x1}, new float[][]{x2, x2}),
                List.of(shape, shape), phi);
    }

    @Test
    void bothFormulationsOfAConvolutionMatchTheExplicitGramForEveryPaddingAndStride() {
        for (Padding padding : Padding.values()) {
            for (int stride = 1; stride <= 2; stride++) {
                Random rnd = new Random(20 + stride);
                int batch = 2, h = 7, wd = 6, n = 5, k = 3, out = 4;
                float[] x = random(rnd, batch * h * wd * n);
                float[] kernel = random(rnd, k * k * n * out);
                double[][] phi = explicitConv(x, kernel, batch, h, wd, n, k, stride, padding, out);
                ContributionGram.Consumer conv = new ContributionGram.Consumer.Conv(k, stride, padding, out, kernel);
                for (Formulation formulation : Formulation.values()) {
                    assertCloseToExplicit(n, List.of(conv), List.of(formulation), List.<float[][]>of(new float[][]{x}),
                            List.of(new long[]{batch, h, wd, n}), phi);
                }
            }
        }
    }

    @Test
    void aDirectConvolutionOverABatchOfSeveralSlicesMatchesTheExplicitGram() {
        Random rnd = new Random(8);
        int batch = 90, h = 28, wd = 28, n = 16, k = 3, out = 4;
        assertThat((long) batch * h * wd * n).isGreaterThan(ContributionGram.SLICE_VALUES);
        float[] x = random(rnd, batch * h * wd * n);
        float[] kernel = random(rnd, k * k * n * out);
        ContributionGram.Consumer conv = new ContributionGram.Consumer.Conv(k, 1, Padding.SAME, out, kernel);
        assertThat(Formulation.of(conv, n)).isEqualTo(Formulation.DIRECT);
        assertCloseToExplicit(n, List.of(conv), List.<float[][]>of(new float[][]{x}),
                List.of(new long[]{batch, h, wd, n}), explicitConv(x, kernel, batch, h, wd, n, k, 1, Padding.SAME, out));
    }

    @Test
    void bothFormulationsOfADenseLayerOverAFlattenedImageMatchTheExplicitGram() {
        Random rnd = new Random(4);
        int batch = 5, pixels = 9, n = 6, out = 3;
        float[] x = random(rnd, batch * pixels * n);
        float[] w = random(rnd, pixels * n * out);
        double[][] phi = explicitDense(x, w, batch, pixels, n, out);
        ContributionGram.Consumer dense = new ContributionGram.Consumer.Dense(pixels, out, w);
        for (Formulation formulation : Formulation.values()) {
            assertCloseToExplicit(n, List.of(dense), List.of(formulation), List.<float[][]>of(new float[][]{x}),
                    List.of(new long[]{batch, pixels * n}), phi);
        }
    }

    @Test
    void mixedFormulationsOverSeveralConsumersAndBatchesAddUp() {
        Random rnd = new Random(5);
        int batch = 3, h = 5, wd = 5, n = 4, k = 3, out = 3;
        float[] x1 = random(rnd, batch * h * wd * n);
        float[] x2 = random(rnd, batch * h * wd * n);
        float[] kernel = random(rnd, k * k * n * out);
        float[] kernel1x1 = random(rnd, n * out);
        double[][] phi = concat(
                concat(explicitConv(x1, kernel, batch, h, wd, n, k, 1, Padding.SAME, out),
                        explicitConv(x1, kernel1x1, batch, h, wd, n, 1, 2, Padding.SAME, out)),
                concat(explicitConv(x2, kernel, batch, h, wd, n, k, 1, Padding.SAME, out),
                        explicitConv(x2, kernel1x1, batch, h, wd, n, 1, 2, Padding.SAME, out)));
        List<ContributionGram.Consumer> consumers = List.of(
                new ContributionGram.Consumer.Conv(k, 1, Padding.SAME, out, kernel),
                new ContributionGram.Consumer.Conv(1, 2, Padding.SAME, out, kernel1x1));
        long[] shape = {batch, h, wd, n};
        assertCloseToExplicit(n, consumers, List.of(Formulation.DIRECT, Formulation.PATCH),
                List.<float[][]>of(new float[][]{x1, x1}, new float[][]{x2, x2}), List.of(shape, shape), phi);
    }

    @Test
    void aLargePatchBlockSumByProductsMatchesTheExplicitGram() {
        Random rnd = new Random(6);
        int batch = 4, n = 160, out = 200;
        assertThat((long) n * n * out).isGreaterThan(ContributionGram.LOOP_BLOCK_SUM);
        float[] a = random(rnd, batch * n);
        float[] w = random(rnd, n * out);
        ContributionGram.Consumer dense = new ContributionGram.Consumer.Dense(1, out, w);
        assertThat(Formulation.of(dense, n)).isEqualTo(Formulation.PATCH);
        assertCloseToExplicit(n, List.of(dense), List.<float[][]>of(new float[][]{a}), List.of(new long[]{batch, n}),
                explicitDense(a, w, batch, 1, n, out));
    }

    @Test
    void theSameBatchesGiveABitIdenticalSymmetricGram() {
        Random rnd = new Random(7);
        int batch = 3, h = 6, wd = 6, n = 16, k = 3, out = 8;
        float[] x = random(rnd, batch * h * wd * n);
        float[] kernel = random(rnd, k * k * n * out);
        ContributionGram.Consumer conv = new ContributionGram.Consumer.Conv(k, 1, Padding.SAME, out, kernel);
        assertThat(Formulation.of(conv, n)).isEqualTo(Formulation.DIRECT);
        double[] first = gramOf(n, conv, x, new long[]{batch, h, wd, n});
        double[] second = gramOf(n, conv, x, new long[]{batch, h, wd, n});
        assertThat(second).containsExactly(first);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(first[i * n + j]).isEqualTo(first[j * n + i]);
            }
        }
    }

    @Test
    void theCostModelPicksTheCheaperFormulationAndKeepsSmallConsumersOnPatches() {
        float[] conv5x5 = new float[5 * 5 * 32 * 64];
        ContributionGram.Consumer cnnConv2 = new ContributionGram.Consumer.Conv(5, 1, Padding.SAME, 64, conv5x5);
        assertThat(Formulation.patchCost(cnnConv2, 32)).isEqualTo(800L * 800);
        assertThat(Formulation.directCost(cnnConv2, 32)).isEqualTo(64L * 32 * (25 + 32));
        assertThat(Formulation.of(cnnConv2, 32)).isEqualTo(Formulation.DIRECT);
        ContributionGram.Consumer vggConv4 = new ContributionGram.Consumer.Conv(3, 1, Padding.SAME, 64, new float[9 * 64 * 64]);
        assertThat(Formulation.directCost(vggConv4, 64)).isLessThan(Formulation.patchCost(vggConv4, 64));
        assertThat(Formulation.of(vggConv4, 64)).as("direct multiply-adds are dearer").isEqualTo(Formulation.PATCH);
        ContributionGram.Consumer logits = new ContributionGram.Consumer.Dense(1, 10, new float[256 * 10]);
        assertThat(Formulation.of(logits, 256)).isEqualTo(Formulation.PATCH);
        ContributionGram.Consumer tiny = new ContributionGram.Consumer.Conv(3, 1, Padding.SAME, 8, new float[9 * 8 * 8]);
        assertThat(Formulation.directCost(tiny, 8)).isLessThan(Formulation.patchCost(tiny, 8));
        assertThat(Formulation.of(tiny, 8)).isEqualTo(Formulation.PATCH);
    }

    private static double[] gramOf(int n, ContributionGram.Consumer consumer, float[] x, long[] shape) {
        try (ContributionGram gram = new ContributionGram(n, List.of(consumer));
             TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(x, true, false))) {
            gram.add(List.of(t));
            return gram.gram();
        }
    }

    /** phi[(sample, o)][i] of a dense layer over {@code pixels} offsets of n channels, by direct summation. */
    static double[][] explicitDense(float[] x, float[] w, int batch, int pixels, int n, int out) {
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

    private static void assertCloseToExplicit(int n, List<ContributionGram.Consumer> consumers,
                                              List<float[][]> batches, List<long[]> shapes, double[][] phi) {
        assertCloseToExplicit(n, consumers, consumers.stream().map(c -> Formulation.of(c, n)).toList(), batches,
                shapes, phi);
    }

    private static void assertCloseToExplicit(int n, List<ContributionGram.Consumer> consumers,
                                              List<Formulation> formulations, List<float[][]> batches,
                                              List<long[]> shapes, double[][] phi) {
        double[] expected = new double[n * n];
        for (double[] row : phi) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i * n + j] += row[i] * row[j];
                }
            }
        }
        try (ContributionGram gram = new ContributionGram(n, consumers, formulations)) {
            assertThat(gram.formulations()).isEqualTo(formulations);
            for (float[][] batch : batches) {
                List<TFloat32> tensors = new java.util.ArrayList<>();
                try {
                    for (int k = 0; k < batch.length; k++) {
                        tensors.add(TFloat32.tensorOf(Shape.of(shapes.get(k)), DataBuffers.of(batch[k], true, false)));
                    }
                    gram.add(tensors);
                } finally {
                    tensors.forEach(TFloat32::close);
                }
            }
            double[] actual = gram.gram();
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int e = 0; e < expected.length; e++) {
                assertThat(actual[e]).as("%s: G[%d][%d]", formulations, e / n, e % n).isCloseTo(expected[e],
                        org.assertj.core.data.Offset.offset(TOLERANCE * scale));
            }
            assertThat(gram.dimension()).isEqualTo(phi.length);
            assertThat(gram.samples()).isEqualTo(batches.size() * shapes.get(0)[0]);
        }
    }

    /** phi[(sample, y, x, o)][i]: channel i's contribution to a convolution's output, by direct summation. */
    static double[][] explicitConv(float[] x, float[] kernel, int batch, int h, int w, int n, int k,
                                           int stride, Padding padding, int out) {
        int oh = padding.outputSize(h, k, stride);
        int ow = padding.outputSize(w, k, stride);
        // TensorFlow's SAME padding puts the extra row/column (if any) at the bottom/right.
        int padTop = padding == Padding.SAME ? Math.max((oh - 1) * stride + k - h, 0) / 2 : 0;
        int padLeft = padding == Padding.SAME ? Math.max((ow - 1) * stride + k - w, 0) / 2 : 0;
        double[][] phi = new double[batch * oh * ow * out][n];
        for (int s = 0; s < batch; s++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    for (int o = 0; o < out; o++) {
                        int row = ((s * oh + y) * ow + xx) * out + o;
                        for (int dy = 0; dy < k; dy++) {
                            for (int dx = 0; dx < k; dx++) {
                                int iy = y * stride + dy - padTop;
                                int ix = xx * stride + dx - padLeft;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int i = 0; i < n; i++) {
                                    phi[row][i] += (double) x[((s * h + iy) * w + ix) * n + i]
                                            * kernel[((dy * k + dx) * n + i) * out + o];
                                }
                            }
                        }
                    }
                }
            }
        }
        return phi;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] c = new double[a.length + b.length][];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static float[] random(Random rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
