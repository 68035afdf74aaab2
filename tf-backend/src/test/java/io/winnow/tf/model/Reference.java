package io.winnow.tf.model;

import io.winnow.dsl.network.Padding;

/**
 * Slow, independent double-precision forward passes for NHWC tensors, written from the definitions
 * (TensorFlow's SAME padding puts the odd padding row/column after the input).
 */
final class Reference {

    private Reference() {
    }

    static double[] dense(float[] x, int n, int in, float[] kernel, float[] bias, int units) {
        double[] y = new double[n * units];
        for (int s = 0; s < n; s++) {
            for (int u = 0; u < units; u++) {
                double sum = bias[u];
                for (int i = 0; i < in; i++) {
                    sum += (double) x[s * in + i] * kernel[i * units + u];
                }
                y[s * units + u] = sum;
            }
        }
        return y;
    }

    static int outSize(int in, int k, int stride, Padding padding) {
        return padding == Padding.SAME ? (in + stride - 1) / stride : (in - k + stride) / stride;
    }

    static int padBefore(int in, int k, int stride, Padding padding) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int out = outSize(in, k, stride, padding);
        return Math.max((out - 1) * stride + k - in, 0) / 2;
    }

    static double[] conv(float[] x, int n, int h, int w, int c, float[] kernel, float[] bias, int k, int filters,
                         int stride, Padding padding) {
        int oh = outSize(h, k, stride, padding);
        int ow = outSize(w, k, stride, padding);
        int ph = padBefore(h, k, stride, padding);
        int pw = padBefore(w, k, stride, padding);
        double[] y = new double[n * oh * ow * filters];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int f = 0; f < filters; f++) {
                        double sum = bias[f];
                        for (int di = 0; di < k; di++) {
                            for (int dj = 0; dj < k; dj++) {
                                int r = i * stride + di - ph;
                                int q = j * stride + dj - pw;
                                if (r < 0 || r >= h || q < 0 || q >= w) {
                                    continue;
                                }
                                for (int ch = 0; ch < c; ch++) {
                                    sum += (double) x[((s * h + r) * w + q) * c + ch]
                                            * kernel[((di * k + dj) * c + ch) * filters + f];
                                }
                            }
                        }
                        y[((s * oh + i) * ow + j) * filters + f] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** Max or average pooling; average counts only positions inside the input, as TensorFlow does. */
    static double[] pool(float[] x, int n, int h, int w, int c, int k, int stride, Padding padding, boolean max) {
        int oh = outSize(h, k, stride, padding);
        int ow = outSize(w, k, stride, padding);
        int ph = padBefore(h, k, stride, padding);
        int pw = padBefore(w, k, stride, padding);
        double[] y = new double[n * oh * ow * c];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int di = 0; di < k; di++) {
                            for (int dj = 0; dj < k; dj++) {
                                int r = i * stride + di - ph;
                                int q = j * stride + dj - pw;
                                if (r < 0 || r >= h || q < 0 || q >= w) {
                                    continue;
                                }
                                double v = x[((s * h + r) * w + q) * c + ch];
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        }
                        y[((s * oh + i) * ow + j) * c + ch] = max ? acc : acc / count;
                    }
                }
            }
        }
        return y;
    }

    /** Batch norm over the last axis with the given per-channel mean and variance. */
    static double[] batchNorm(float[] x, int channels, double[] mean, double[] variance, float[] gamma, float[] beta,
                              double epsilon) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = i % channels;
            y[i] = (x[i] - mean[ch]) / Math.sqrt(variance[ch] + epsilon) * gamma[ch] + beta[ch];
        }
        return y;
    }

    static double[] channelMean(float[] x, int channels) {
        double[] mean = new double[channels];
        for (int i = 0; i < x.length; i++) {
            mean[i % channels] += x[i];
        }
        int per = x.length / channels;
        for (int ch = 0; ch < channels; ch++) {
            mean[ch] /= per;
        }
        return mean;
    }

    static double[] channelVariance(float[] x, int channels, double[] mean) {
        double[] var = new double[channels];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i % channels];
            var[i % channels] += d * d;
        }
        int per = x.length / channels;
        for (int ch = 0; ch < channels; ch++) {
            var[ch] /= per;
        }
        return var;
    }

    static double[] globalAvgPool(float[] x, int n, int hw, int c) {
        double[] y = new double[n * c];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < hw; p++) {
                for (int ch = 0; ch < c; ch++) {
                    y[s * c + ch] += x[(s * hw + p) * c + ch];
                }
            }
            for (int ch = 0; ch < c; ch++) {
                y[s * c + ch] /= hw;
            }
        }
        return y;
    }

    static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }
}
