package io.winnow.tf.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Padding;
import org.junit.jupiter.api.Test;

/**
 * ONNX windows mapped to SAME or VALID only where exact, checked against a brute-force comparison of
 * the window positions: ONNX window j covers [j s - pad_begin, j s - pad_begin + k) for the outputs
 * ONNX computes; TensorFlow's the same with its own output count and pad.
 */
class OnnxWindowTest {

    private static Padding map(int in, int k, int s, long before, long after, boolean ceil) {
        return OnnxWindow.padding("node", new int[] {in, in}, k, s, new long[] {before, before, after, after}, "NOTSET",
                ceil, false);
    }

    /** Whether the two window lists are identical, by brute force. */
    private static boolean same(int in, int k, int s, long before, long after, boolean ceil, Padding tf) {
        long span = in + before + after - k;
        long out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + before) {
            out--;
        }
        int tfOut = tf.outputSize(in, k, s);
        int tfBefore = tf == Padding.SAME ? Math.max((tfOut - 1) * s + k - in, 0) / 2 : 0;
        if (out != tfOut) {
            return false;
        }
        for (int j = 0; j < out; j++) {
            if (j * s - before != j * s - tfBefore) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyMappingAgreesWithTheWindowsAndEveryExactCaseIsMapped() {
        int mapped = 0;
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int before = 0; before <= 2; before++) {
                        for (int after = 0; after <= 2; after++) {
                            for (boolean ceil : new boolean[] {false, true}) {
                                if (in + before + after < k) {
                                    continue;
                                }
                                boolean exact = same(in, k, s, before, after, ceil, Padding.VALID)
                                        || same(in, k, s, before, after, ceil, Padding.SAME);
                                Padding p;
                                try {
                                    p = map(in, k, s, before, after, ceil);
                                } catch (OnnxImportException e) {
                                    assertThat(exact).as("in %d k %d s %d pads %d/%d", in, k, s, before, after).isFalse();
                                    continue;
                                }
                                mapped++;
                                assertThat(same(in, k, s, before, after, ceil, p))
                                        .as("in %d k %d s %d pads %d/%d -> %s", in, k, s, before, after, p).isTrue();
                            }
                        }
                    }
                }
            }
        }
        assertThat(mapped).isGreaterThan(100);
    }

    @Test
    void pytorchsPaddingOneMatchesSameAtStrideOneAndAtStrideTwoOnOddSizesOnly() {
        assertThat(map(28, 3, 1, 1, 1, false)).isEqualTo(Padding.SAME);
        assertThat(map(13, 3, 2, 1, 1, false)).isEqualTo(Padding.SAME);
        assertThat(map(28, 3, 2, 0, 0, false)).isEqualTo(Padding.VALID);
        assertThatThrownBy(() -> map(28, 3, 2, 1, 1, false))
                .hasMessageContaining("pads [1, 1, 1, 1]")
                .hasMessageContaining("28x28 input (kernel 3, stride 2)")
                .hasMessageContaining("neither TensorFlow's SAME nor its VALID");
    }

    @Test
    void averagePoolingThatCountsThePadIsRefusedWherePaddingIsNeeded() {
        assertThat(OnnxWindow.padding("n", new int[] {8, 8}, 2, 2, new long[4], "NOTSET", false, true))
                .isEqualTo(Padding.VALID);
        assertThatThrownBy(() -> OnnxWindow.padding("n", new int[] {7, 7}, 3, 1, new long[] {1, 1, 1, 1}, "NOTSET",
                false, true)).hasMessageContaining("counting the pad");
    }

    @Test
    void autoPadSameUpperIsSameAndSameLowerOnlyWhenThePadIsEven() {
        assertThat(OnnxWindow.padding("n", new int[] {8, 8}, 2, 2, null, "SAME_UPPER", false, false)).isEqualTo(Padding.SAME);
        assertThat(OnnxWindow.padding("n", new int[] {7, 7}, 3, 1, null, "SAME_LOWER", false, false)).isEqualTo(Padding.SAME);
        assertThatThrownBy(() -> OnnxWindow.padding("n", new int[] {8, 8}, 3, 2, null, "SAME_LOWER", false, false))
                .hasMessageContaining("auto_pad SAME_LOWER");
    }
    /**
     * Where neither SAME nor VALID fits, explicit pads become a zero pad and a VALID window. Checked by
     * brute force on every case with pads up to the kernel: the padded VALID windows start where ONNX's
     * start (j s - pad_begin) and there are as many, and a case SAME or VALID fits keeps no zero pad.
     */
    @Test
    void explicitPadsNoWindowFitsBecomeAZeroPadThenValidWithTheSameWindows() {
        int padded = 0;
        for (int in = 1; in <= 12; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int before = 0; before <= Math.min(k, 3); before++) {
                        for (int after = 0; after <= Math.min(k, 3); after++) {
                            long onnxOut = Math.floorDiv(in + before + after - k, s) + 1;
                            if (onnxOut < 1) {
                                continue;
                            }
                            OnnxWindow.Fit fit = OnnxWindow.fit("n", new int[] {in, in}, k, s,
                                    new long[] {before, before, after, after}, "NOTSET", false, false, true, "");
                            if (fit.zeroPad() == null) {
                                assertThat(same(in, k, s, before, after, false, fit.padding())).isTrue();
                                continue;
                            }
                            padded++;
                            assertThat(fit.padding()).isEqualTo(Padding.VALID);
                            assertThat(fit.zeroPad()).containsExactly(before, after, before, after);
                            int validOut = Padding.VALID.outputSize(in + before + after, k, s);
                            assertThat((long) validOut).as("in %d k %d s %d pads %d/%d", in, k, s, before, after)
                                    .isEqualTo(onnxOut);
                            // VALID window j on the padded input starts at j s, which is j s - before on the original.
                        }
                    }
                }
            }
        }
        assertThat(padded).isGreaterThan(50);
    }

    @Test
    void torchvisionsStrideTwoPaddingOneOnAnEvenSizeIsAZeroPadOfOneOnEverySide() {
        OnnxWindow.Fit fit = OnnxWindow.fit("conv", new int[] {28, 28}, 3, 2, new long[] {1, 1, 1, 1}, "NOTSET",
                false, false, true, "");
        assertThat(fit.padding()).isEqualTo(Padding.VALID);
        assertThat(fit.zeroPad()).containsExactly(1, 1, 1, 1);
        assertThat(Padding.VALID.outputSize(30, 3, 2)).isEqualTo(14);
        OnnxWindow.Fit asymmetric = OnnxWindow.fit("conv", new int[] {10, 12}, 3, 2, new long[] {2, 0, 1, 1}, "NOTSET",
                false, false, true, "");
        assertThat(asymmetric.zeroPad()).containsExactly(2, 1, 0, 1);
    }

    @Test
    void aZeroPadIsRefusedWhereZerosWouldChangeTheResult() {
        assertThatThrownBy(() -> OnnxWindow.fit("pool", new int[] {28, 28}, 3, 2, new long[] {1, 1, 1, 1}, "NOTSET",
                false, false, false, "its input is not the output of a ReLU or ReLU6"))
                .hasMessageContaining("pool: pads [1, 1, 1, 1]")
                .hasMessageContaining("an explicit zero pad would not be exact either: its input is not the output of a ReLU");
        assertThatThrownBy(() -> OnnxWindow.fit("pool", new int[] {28, 28}, 3, 2, new long[] {1, 1, 1, 1}, "NOTSET",
                true, false, true, "")).hasMessageContaining("neither TensorFlow's SAME nor its VALID");
    }
}
