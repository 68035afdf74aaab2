package io.winnow.tf.onnx;

import io.winnow.dsl.network.Padding;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Maps an ONNX convolution or pooling window (pads or auto_pad, ceil_mode) on a known input size to
 * TensorFlow's SAME or VALID padding, only where both compute the same windows: the same number of
 * outputs along each axis and the same padding before the first input. TensorFlow's SAME puts the
 * odd pad after (ONNX SAME_UPPER); PyTorch's symmetric padding p equals it when the total TensorFlow
 * needs is 2p or 2p + 1, e.g. kernel 3, padding 1 at stride 1, or at stride 2 on an odd size.
 * Elsewhere ({@link #fit}) the pads become a zero-pad layer before a VALID window, where zeros are exact.
 */
final class OnnxWindow {

    private OnnxWindow() {
    }

    /**
     * A window as Winnow builds it: {@code padding}, after an explicit zero pad of {@code zeroPad}
     * (top, bottom, left, right) when that is not null.
     */
    record Fit(Padding padding, int[] zeroPad) {
    }

    /**
     * {@link #padding}, or, where neither SAME nor VALID computes the same windows, an explicit zero pad
     * followed by a VALID window: PyTorch's symmetric padding at stride 2 on an even size, as every
     * torchvision ResNet and MobileNet has it. Zeros are exact only where {@code zerosExact}: a
     * convolution, an average that counts the pad, a max over non-negative values.
     */
    static Fit fit(String node, int[] size, int kernel, int stride, long[] pads, String autoPad, boolean ceilMode,
                   boolean padded, boolean zerosExact, String zerosWhy) {
        try {
            return new Fit(padding(node, size, kernel, stride, pads, autoPad, ceilMode, padded), null);
        } catch (OnnxImportException e) {
            boolean explicit = autoPad.equals("NOTSET") && !ceilMode && pads != null && pads.length == 4
                    && Arrays.stream(pads).allMatch(v -> v >= 0 && v <= kernel);
            if (!explicit) {
                throw e;
            }
            if (!zerosExact) {
                throw new OnnxImportException(e.getMessage() + "; an explicit zero pad would not be exact either: "
                        + zerosWhy);
            }
            int top = (int) pads[0];
            int left = (int) pads[1];
            int bottom = (int) pads[2];
            int right = (int) pads[3];
            if (Padding.VALID.outputSize(size[0] + top + bottom, kernel, stride) < 1
                    || Padding.VALID.outputSize(size[1] + left + right, kernel, stride) < 1) {
                throw e;
            }
            return new Fit(Padding.VALID, new int[] {top, bottom, left, right});
        }
    }

    /**
     * @param size   input height and width
     * @param pads   ONNX pads: begin of each axis, then end of each axis (null: zeros)
     * @param padded whether padding would change the result (average pooling that counts the pad)
     */
    static Padding padding(String node, int[] size, int kernel, int stride, long[] pads, String autoPad,
                           boolean ceilMode, boolean padded) {
        long[] p = pads == null ? new long[4] : pads;
        if (p.length != 4) {
            throw new OnnxImportException(node + ": pads " + Arrays.toString(p) + " are not the four of a 2-D window");
        }
        EnumSet<Padding> fit = EnumSet.allOf(Padding.class);
        for (int axis = 0; axis < 2; axis++) {
            int in = size[axis];
            int sameOut = Padding.SAME.outputSize(in, kernel, stride);
            int sameTotal = Math.max((sameOut - 1) * stride + kernel - in, 0);
            int sameBefore = sameTotal / 2;
            int validOut = Padding.VALID.outputSize(in, kernel, stride);
            EnumSet<Padding> axisFit = EnumSet.noneOf(Padding.class);
            switch (autoPad) {
                case "NOTSET" -> {
                    long before = p[axis];
                    long span = in + before + p[axis + 2] - kernel;
                    long out = span < 0 ? 0 : (ceilMode ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
                    if (ceilMode && out > 0 && (out - 1) * stride >= in + before) {
                        out--; // the last window must start inside the input or the leading pad
                    }
                    if (before == 0 && out == validOut) {
                        axisFit.add(Padding.VALID);
                    }
                    if (before == sameBefore && out == sameOut) {
                        axisFit.add(Padding.SAME);
                    }
                }
                case "VALID" -> axisFit.add(Padding.VALID);
                case "SAME_UPPER" -> axisFit.add(Padding.SAME);
                case "SAME_LOWER" -> {
                    if (sameTotal % 2 == 0) {
                        axisFit.add(Padding.SAME);
                    }
                }
                default -> throw new OnnxImportException(node + ": auto_pad \"" + autoPad + "\" is not an ONNX value");
            }
            if (padded && sameTotal > 0) {
                axisFit.remove(Padding.SAME);
            }
            fit.retainAll(axisFit);
        }
        if (fit.contains(Padding.VALID)) {
            return Padding.VALID;
        }
        if (fit.contains(Padding.SAME)) {
            return Padding.SAME;
        }
        throw new OnnxImportException(node + ": " + (autoPad.equals("NOTSET") ? "pads " + Arrays.toString(p) : "auto_pad "
                + autoPad) + (ceilMode ? " with ceil_mode" : "") + (padded ? " counting the pad in the average" : "")
                + " on a " + size[0] + "x" + size[1] + " input (kernel " + kernel + ", stride " + stride + ") is neither "
                + "TensorFlow's SAME nor its VALID padding, so Winnow cannot import it exactly (SAME pads "
                + "floor(t/2) before and the rest after, t the total; PyTorch's padding=k//2 matches it at stride 1, "
                + "and at stride 2 on odd sizes)");
    }
}
