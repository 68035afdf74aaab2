package io.winnow.tf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.winnow.dsl.network.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputConversionTest {

    private static float[] convert(float[] source, int h, int w, int c, Shape target) {
        float[] out = new float[Math.toIntExact(target.size())];
        InputConversion.convert(source, h, w, c, target, out, 0, "img.png");
        return out;
    }

    @Test
    void upscalingTwoByTwoToFourByFourGivesWhatTensorflowsBilinearResizeGives() {
        // tf.image.resize([[0, 1], [2, 3]], (4, 4), "bilinear")
        float[] out = convert(new float[] {0, 1, 2, 3}, 2, 2, 1, Shape.image(4, 4, 1));
        assertThat(out).containsExactly(
                0f, 0.25f, 0.75f, 1f,
                0.5f, 0.75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2f, 2.25f, 2.75f, 3f);
    }

    @Test
    void halvingTheSizeAveragesEachTwoByTwoBlock() {
        SplittableRandom random = new SplittableRandom(4);
        float[] source = new float[8 * 6 * 3];
        for (int i = 0; i < source.length; i++) {
            source[i] = (float) random.nextDouble();
        }
        float[] out = convert(source, 8, 6, 3, Shape.image(4, 3, 3));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                for (int k = 0; k < 3; k++) {
                    double mean = (source[((2 * y) * 6 + 2 * x) * 3 + k] + source[((2 * y) * 6 + 2 * x + 1) * 3 + k]
                            + source[((2 * y + 1) * 6 + 2 * x) * 3 + k] + source[((2 * y + 1) * 6 + 2 * x + 1) * 3 + k]) / 4;
                    assertThat((double) out[(y * 3 + x) * 3 + k]).isCloseTo(mean, within(1e-6));
                }
            }
        }
    }

    /** out = Wy X Wx^T with tent weights max(0, 1 - |s(o) - i|) at the clamped half-pixel coordinate s(o). */
    private static double[][] weights(int in, int out) {
        double[][] w = new double[out][in];
        for (int o = 0; o < out; o++) {
            double s = Math.min(Math.max((o + 0.5) * in / out - 0.5, 0), in - 1);
            for (int i = 0; i < in; i++) {
                w[o][i] = Math.max(0, 1 - Math.abs(s - i));
            }
        }
        return w;
    }

    @Test
    void resizingAgreesWithTheSeparableTentFilterOnRandomSizes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int h = 1 + random.nextInt(9);
            int w = 1 + random.nextInt(9);
            int th = 1 + random.nextInt(9);
            int tw = 1 + random.nextInt(9);
            int c = 1 + random.nextInt(3);
            float[] source = new float[h * w * c];
            for (int i = 0; i < source.length; i++) {
                source[i] = (float) random.nextDouble();
            }
            float[] out = new float[th * tw * c];
            InputConversion.resize(source, h, w, th, tw, c, out, 0);
            double[][] wy = weights(h, th);
            double[][] wx = weights(w, tw);
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    for (int k = 0; k < c; k++) {
                        double expected = 0;
                        for (int i = 0; i < h; i++) {
                            for (int j = 0; j < w; j++) {
                                expected += wy[y][i] * wx[x][j] * source[(i * w + j) * c + k];
                            }
                        }
                        assertThat((double) out[(y * tw + x) * c + k]).as("%dx%d -> %dx%d", h, w, th, tw)
                                .isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void anImageOfTheModelsSizeIsCopiedUnchanged() {
        float[] source = {0.1f, 0.7f, 0.3f, 0.9f, 0.2f, 0.4f};
        assertThat(convert(source, 2, 3, 1, Shape.image(2, 3, 1))).containsExactly(source);
    }

    @Test
    void colourBecomesGreyByTheBt601LumaAndGreyBecomesColourByRepetition() {
        float[] rgba = {1, 0, 0, 0.5f, 0, 1, 0, 1, 0, 0, 1, 0};
        assertThat(convert(rgba, 1, 3, 4, Shape.image(1, 3, 1))).containsExactly(0.299f, 0.587f, 0.114f);
        assertThat(convert(rgba, 1, 3, 4, Shape.image(1, 3, 3))).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(convert(new float[] {0.25f, 1, 0.5f, 0}, 1, 2, 2, Shape.image(1, 2, 3)))
                .containsExactly(0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void channelsThatCannotBeConvertedAreRefusedNamingTheFile() {
        assertThatThrownBy(() -> convert(new float[3], 1, 1, 3, Shape.image(1, 1, 5)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("img.png: has 3 channels and the model takes 5; Winnow converts grey (1), grey+alpha (2), "
                        + "RGB (3) or RGBA (4) images to 1 or 3 channels only");
    }

    @Test
    void aVectorInputTakesSamplesOfExactlyItsSize() {
        assertThat(convert(new float[] {1, 2, 3, 4}, 2, 2, 1, Shape.vector(4))).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> convert(new float[9], 3, 3, 1, Shape.vector(4)))
                .hasMessage("img.png: a sample of 3x3x1 = 9 values, but the model takes vectors of 4 values; a vector "
                        + "input is fed samples of exactly its size");
    }
}
