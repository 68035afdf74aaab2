package io.winnow.proofs.deep;

import io.winnow.dsl.network.Padding;

/**
 * A linear map R^n -> R^m given by how it acts, with its adjoint: what {@link SpectralNorm} needs to
 * run power iteration on A^T A without forming the matrix. Computed in double.
 */
public interface LinearMap {

    int inputSize();

    int outputSize();

    /** y = A x. */
    double[] apply(double[] x);

    /** x = A^T y. */
    double[] adjoint(double[] y);

    /**
     * A dense layer's linear part with a per-unit scale: x -> (x W) o s, W the TensorFlow kernel
     * [in, out] (row-major), s the folded batch-norm scale gamma / sqrt(var + eps) (all ones without one).
     */
    static LinearMap dense(float[] kernel, int in, int out, double[] scale) {
        return new Dense(kernel, in, out, scale);
    }

    /**
     * A convolution's linear part (no bias) with a per-output-channel scale, exactly as TensorFlow's
     * conv2d computes it: NHWC input [height, width, in], HWIO kernel [k, k, in, out], the given stride
     * and padding (SAME pads ceil-output style, the smaller half before).
     */
    static LinearMap conv(float[] kernel, int k, int in, int out, int height, int width, int stride,
                          Padding padding, double[] scale) {
        return new Conv(kernel, k, in, out, height, width, stride, padding, scale);
    }

    /** All-ones scale: no batch norm folded in. */
    static double[] ones(int n) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, 1.0);
        return s;
    }

    /** x -> (x W) o s. */
    final class Dense implements LinearMap {
        private final float[] kernel;
        private final int in;
        private final int out;
        private final double[] scale;

        Dense(float[] kernel, int in, int out, double[] scale) {
            if (kernel.length != in * out || scale.length != out) {
                throw new IllegalArgumentException("dense map: kernel " + kernel.length + " for " + in + "x" + out
                        + ", scale " + scale.length);
            }
            this.kernel = kernel;
            this.in = in;
            this.out = out;
            this.scale = scale;
        }

        @Override
        public int inputSize() {
            return in;
        }

        @Override
        public int outputSize() {
            return out;
        }

        @Override
        public double[] apply(double[] x) {
            double[] y = new double[out];
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                int row = i * out;
                for (int o = 0; o < out; o++) {
                    y[o] += xi * kernel[row + o];
                }
            }
            for (int o = 0; o < out; o++) {
                y[o] *= scale[o];
            }
            return y;
        }

        @Override
        public double[] adjoint(double[] y) {
            double[] sy = new double[out];
            for (int o = 0; o < out; o++) {
                sy[o] = scale[o] * y[o];
            }
            double[] x = new double[in];
            for (int i = 0; i < in; i++) {
                int row = i * out;
                double sum = 0;
                for (int o = 0; o < out; o++) {
                    sum += kernel[row + o] * sy[o];
                }
                x[i] = sum;
            }
            return x;
        }
    }

    /** TensorFlow conv2d (NHWC, HWIO) followed by a per-channel scale. */
    final class Conv implements LinearMap {
        private final float[] kernel;
        private final int k;
        private final int in;
        private final int out;
        private final int height;
        private final int width;
        private final int stride;
        private final int outHeight;
        private final int outWidth;
        private final int padTop;
        private final int padLeft;
        private final double[] scale;

        Conv(float[] kernel, int k, int in, int out, int height, int width, int stride, Padding padding, double[] scale) {
            if (kernel.length != k * k * in * out || scale.length != out) {
                throw new IllegalArgumentException("conv map: kernel " + kernel.length + " for " + k + "x" + k + "x"
                        + in + "x" + out + ", scale " + scale.length);
            }
            this.kernel = kernel;
            this.k = k;
            this.in = in;
            this.out = out;
            this.height = height;
            this.width = width;
            this.stride = stride;
            this.outHeight = padding.outputSize(height, k, stride);
            this.outWidth = padding.outputSize(width, k, stride);
            this.padTop = padding == Padding.SAME ? Math.max((outHeight - 1) * stride + k - height, 0) / 2 : 0;
            this.padLeft = padding == Padding.SAME ? Math.max((outWidth - 1) * stride + k - width, 0) / 2 : 0;
            this.scale = scale;
        }

        @Override
        public int inputSize() {
            return height * width * in;
        }

        @Override
        public int outputSize() {
            return outHeight * outWidth * out;
        }

        @Override
        public double[] apply(double[] x) {
            double[] y = new double[outputSize()];
            for (int oh = 0; oh < outHeight; oh++) {
                for (int ow = 0; ow < outWidth; ow++) {
                    int o = (oh * outWidth + ow) * out;
                    for (int kh = 0; kh < k; kh++) {
                        int ih = oh * stride + kh - padTop;
                        if (ih < 0 || ih >= height) {
                            continue;
                        }
                        for (int kw = 0; kw < k; kw++) {
                            int iw = ow * stride + kw - padLeft;
                            if (iw < 0 || iw >= width) {
                                continue;
                            }
                            int xBase = (ih * width + iw) * in;
                            int kBase = (kh * k + kw) * in * out;
                            for (int ci = 0; ci < in; ci++) {
                                double xv = x[xBase + ci];
                                int row = kBase + ci * out;
                                for (int co = 0; co < out; co++) {
                                    y[o + co] += xv * kernel[row + co];
                                }
                            }
                        }
                    }
                    for (int co = 0; co < out; co++) {
                        y[o + co] *= scale[co];
                    }
                }
            }
            return y;
        }

        @Override
        public double[] adjoint(double[] y) {
            double[] x = new double[inputSize()];
            double[] sy = new double[out];
            for (int oh = 0; oh < outHeight; oh++) {
                for (int ow = 0; ow < outWidth; ow++) {
                    int o = (oh * outWidth + ow) * out;
                    for (int co = 0; co < out; co++) {
                        sy[co] = scale[co] * y[o + co];
                    }
                    for (int kh = 0; kh < k; kh++) {
                        int ih = oh * stride + kh - padTop;
                        if (ih < 0 || ih >= height) {
                            continue;
                        }
                        for (int kw = 0; kw < k; kw++) {
                            int iw = ow * stride + kw - padLeft;
                            if (iw < 0 || iw >= width) {
                                continue;
                            }
                            int xBase = (ih * width + iw) * in;
                            int kBase = (kh * k + kw) * in * out;
                            for (int ci = 0; ci < in; ci++) {
                                int row = kBase + ci * out;
                                double sum = 0;
                                for (int co = 0; co < out; co++) {
                                    sum += kernel[row + co] * sy[co];
                                }
                                x[xBase + ci] += sum;
                            }
                        }
                    }
                }
            }
            return x;
        }
    }
}
