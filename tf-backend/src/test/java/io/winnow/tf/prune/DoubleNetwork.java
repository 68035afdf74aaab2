package io.winnow.tf.prune;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Split;
import io.winnow.tf.model.Forward;
import io.winnow.engine.model.ModelWeights;

import java.util.HashMap;
import java.util.Map;

/**
 * A slow, independent double-precision inference pass over a whole {@link Architecture}, written
 * from the layer definitions (NHWC; TensorFlow's SAME padding puts the odd row/column after the
 * input; batch norm with the moving statistics), with an optional per-channel scale on the output
 * of chosen layers. The test reference for derivatives of the loss in channel scales.
 */
final class DoubleNetwork {

    private final Architecture arch;
    private final ModelWeights weights;
    private final Map<String, Shape> shapes;

    DoubleNetwork(Architecture arch, ModelWeights weights) {
        this.arch = arch;
        this.weights = weights;
        this.shapes = arch.shapes().toJavaMap();
    }

    /**
     * Mean cross-entropy (natural log) over the split, with channel {@code channel} of the output of
     * every layer in {@code scaled} multiplied by {@code scale}.
     */
    double meanLoss(Split split, java.util.Set<String> scaled, int channel, double scale) {
        int classes = arch.classes();
        double total = 0;
        for (int s = 0; s < split.size(); s++) {
            double[] z = logits(sample(split, s), scaled, channel, scale);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            total += max + Math.log(sum) - z[split.y()[s]];
        }
        return total / split.size();
    }

    /**
     * The mean of each output channel of {@code layer} over every sample of {@code split} and every
     * position of its map.
     */
    double[] channelMeans(Split split, String layer) {
        int channels = shapes.get(layer).units();
        double[] sum = new double[channels];
        long count = 0;
        for (int s = 0; s < split.size(); s++) {
            double[] y = outputs(sample(split, s), java.util.Set.of(), 0, 1).get(layer);
            for (int i = 0; i < y.length; i++) {
                sum[i % channels] += y[i];
            }
            count += y.length / channels;
        }
        for (int c = 0; c < channels; c++) {
            sum[c] /= count;
        }
        return sum;
    }

    /** Sample {@code s}'s output of {@code layer}, positions by channels (NHWC order). */
    double[] output(Split split, int s, String layer) {
        return outputs(sample(split, s), java.util.Set.of(), 0, 1).get(layer);
    }

    /** Sample {@code s} of {@code split} in double precision. */
    private static double[] sample(Split split, int s) {
        int per = split.sampleSize();
        double[] x = new double[per];
        for (int i = 0; i < per; i++) {
            x[i] = split.x()[s * per + i];
        }
        return x;
    }

    /** One sample's logits. */
    private double[] logits(double[] input, java.util.Set<String> scaled, int channel, double scale) {
        return outputs(input, scaled, channel, scale).get(arch.classifier().name());
    }

    /** One sample's output of every layer. */
    private Map<String, double[]> outputs(double[] input, java.util.Set<String> scaled, int channel, double scale) {
        Map<String, double[]> out = new HashMap<>();
        out.put(Architecture.INPUT, input);
        for (Layer layer : arch.layers()) {
            double[] x = out.get(layer.input());
            Shape in = shapes.get(layer.input());
            String name = layer.name();
            double[] y;
            if (layer instanceof Layer.Dense d) {
                y = dense(x, (int) in.size(), param(name, ModelWeights.KERNEL), param(name, ModelWeights.BIAS), d.units());
            } else if (layer instanceof Layer.Conv2D c) {
                Shape.Image image = (Shape.Image) in;
                y = conv(x, image, param(name, ModelWeights.KERNEL), param(name, ModelWeights.BIAS), c.kernel(),
                        c.filters(), c.stride(), c.padding());
            } else if (layer instanceof Layer.BatchNorm) {
                float[] gamma = param(name, ModelWeights.GAMMA);
                float[] beta = param(name, ModelWeights.BETA);
                float[] mean = param(name, ModelWeights.MOVING_MEAN);
                float[] variance = param(name, ModelWeights.MOVING_VARIANCE);
                int ch = in.units();
                y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    int c = i % ch;
                    y[i] = (x[i] - mean[c]) / Math.sqrt((double) variance[c] + Forward.BN_EPSILON) * gamma[c] + beta[c];
                }
            } else if (layer instanceof Layer.ReLU) {
                y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = Math.max(0, x[i]);
                }
            } else if (layer instanceof Layer.MaxPool p) {
                y = pool(x, (Shape.Image) in, p.size(), p.stride(), p.padding());
            } else if (layer instanceof Layer.GlobalAvgPool) {
                Shape.Image image = (Shape.Image) in;
                int ch = image.channels();
                int hw = image.height() * image.width();
                y = new double[ch];
                for (int i = 0; i < x.length; i++) {
                    y[i % ch] += x[i] / hw;
                }
            } else if (layer instanceof Layer.Flatten) {
                y = x.clone();
            } else if (layer instanceof Layer.Add a) {
                double[] other = out.get(a.other());
                y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = x[i] + other[i];
                }
            } else {
                throw new IllegalArgumentException("no reference for " + layer.kind());
            }
            if (scaled.contains(name)) {
                int ch = shapes.get(name).units();
                for (int i = channel; i < y.length; i += ch) {
                    y[i] *= scale;
                }
            }
            out.put(name, y);
        }
        return out;
    }

    private float[] param(String layer, String name) {
        return weights.get(layer, name).values();
    }

    private static double[] dense(double[] x, int in, float[] kernel, float[] bias, int units) {
        double[] y = new double[units];
        for (int u = 0; u < units; u++) {
            double sum = bias[u];
            for (int i = 0; i < in; i++) {
                sum += x[i] * kernel[i * units + u];
            }
            y[u] = sum;
        }
        return y;
    }

    private static int outSize(int in, int k, int stride, Padding padding) {
        return padding == Padding.SAME ? (in + stride - 1) / stride : (in - k + stride) / stride;
    }

    private static int padBefore(int in, int k, int stride, Padding padding) {
        if (padding == Padding.VALID) {
            return 0;
        }
        return Math.max((outSize(in, k, stride, padding) - 1) * stride + k - in, 0) / 2;
    }

    private static double[] conv(double[] x, Shape.Image in, float[] kernel, float[] bias, int k, int filters, int stride,
                                 Padding padding) {
        int h = in.height();
        int w = in.width();
        int c = in.channels();
        int oh = outSize(h, k, stride, padding);
        int ow = outSize(w, k, stride, padding);
        int ph = padBefore(h, k, stride, padding);
        int pw = padBefore(w, k, stride, padding);
        double[] y = new double[oh * ow * filters];
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
                                sum += x[(r * w + q) * c + ch] * kernel[((di * k + dj) * c + ch) * filters + f];
                            }
                        }
                    }
                    y[(i * ow + j) * filters + f] = sum;
                }
            }
        }
        return y;
    }

    private static double[] pool(double[] x, Shape.Image in, int k, int stride, Padding padding) {
        int h = in.height();
        int w = in.width();
        int c = in.channels();
        int oh = outSize(h, k, stride, padding);
        int ow = outSize(w, k, stride, padding);
        int ph = padBefore(h, k, stride, padding);
        int pw = padBefore(w, k, stride, padding);
        double[] y = new double[oh * ow * c];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                for (int ch = 0; ch < c; ch++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int di = 0; di < k; di++) {
                        for (int dj = 0; dj < k; dj++) {
                            int r = i * stride + di - ph;
                            int q = j * stride + dj - pw;
                            if (r >= 0 && r < h && q >= 0 && q < w) {
                                max = Math.max(max, x[(r * w + q) * c + ch]);
                            }
                        }
                    }
                    y[(i * ow + j) * c + ch] = max;
                }
            }
        }
        return y;
    }
}
