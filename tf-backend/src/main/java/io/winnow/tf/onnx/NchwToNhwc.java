package io.winnow.tf.onnx;

import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.FloatArray;

/**
 * ONNX (PyTorch) weights in channels-first layouts to the TensorFlow backend's channels-last ones
 * (ModelWeights): convolution kernels OIHW to HWIO, depthwise kernels C1HW to HWC1, and the rows of
 * a dense layer that reads a flattened image from C, H, W order to H, W, C order.
 */
final class NchwToNhwc {

    private NchwToNhwc() {
    }

    /** [out, in, k, k] to [k, k, in, out]. */
    static FloatArray convKernel(float[] oihw, int out, int in, int k) {
        float[] hwio = new float[oihw.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        hwio[((y * k + x) * in + i) * out + o] = oihw[((o * in + i) * k + y) * k + x];
                    }
                }
            }
        }
        return new FloatArray(new long[] {k, k, in, out}, hwio);
    }

    /** [channels, 1, k, k] to [k, k, channels, 1]. */
    static FloatArray depthwiseKernel(float[] c1hw, int channels, int k) {
        float[] hwc1 = new float[c1hw.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < k * k; p++) {
                hwc1[p * channels + c] = c1hw[c * k * k + p];
            }
        }
        return new FloatArray(new long[] {k, k, channels, 1}, hwc1);
    }

    /**
     * A dense kernel [features, units] whose rows are in ONNX order to one whose rows are in Winnow's:
     * for a flattened image, ONNX feature c*H*W + h*W + w is Winnow feature (h*W + w)*C + c.
     *
     * @param flattened the image flattened before this layer, or null when the input was a vector
     */
    static FloatArray denseRows(float[] rows, int features, int units, Shape.Image flattened) {
        if (flattened == null) {
            return new FloatArray(new long[] {features, units}, rows);
        }
        int h = flattened.height();
        int w = flattened.width();
        int c = flattened.channels();
        float[] permuted = new float[rows.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                System.arraycopy(rows, (ch * h * w + p) * units, permuted, (p * c + ch) * units, units);
            }
        }
        return new FloatArray(new long[] {features, units}, permuted);
    }
}
