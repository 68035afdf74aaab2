package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Padding;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;

/**
 * An upper bound K_l on the l2 Lipschitz constant of one original block (docs/theory.md section 4),
 * composed layer by layer along the block's graph: Lip(f o g) <= Lip(f) Lip(g) and
 * Lip(f + g) <= Lip(f) + Lip(g). Per layer:
 * <ul>
 *   <li>Dense/Conv2D followed only by a BatchNorm: ||diag(gamma / sqrt(var + eps)) A||_2 of the folded
 *   linear map (bias and shift cancel in differences), by {@link SpectralNorm}; without a batch norm,
 *   ||A||_2; a batch norm on its own, max |gamma / sqrt(var + eps)|;</li>
 *   <li>DepthwiseConv2D: ||A||_2 of the convolution whose kernel is zero between different channels;</li>
 *   <li>ReLU and ReLU6 1; flatten 1 (an isometry);</li>
 *   <li>max pooling ceil(size / stride): |max a - max b| <= ||a - b|| on each window, and each input lies in at
 *   most ceil(size / stride)^2 windows (1 for the non-overlapping pools of the built-ins);</li>
 *   <li>average pooling ceil(size / stride) / sqrt(n_min), n_min the fewest inputs a window averages
 *   (Cauchy-Schwarz: |mean of n values| <= ||values|| / sqrt(n)); 1/size for the non-overlapping VALID pool;</li>
 *   <li>global average pooling over P = height x width positions 1/sqrt(P);</li>
 *   <li>residual add K_shortcut + K_branch (identity shortcut: 1).</li>
 * </ul>
 *
 * @param block   the block
 * @param bound   K_l
 * @param factors how the bound was composed, e.g. {@code conv2+bn2 1.873 (412 it)}, for reports
 * @param converged false when any power iteration hit its cap
 */
public record BlockLipschitz(Block block, double bound, List<String> factors, boolean converged) {

    /** K_l of {@code block} of {@code arch} with the original {@code weights}. */
    public static BlockLipschitz of(Architecture arch, ModelWeights weights, Block block, SpectralNorm norm) {
        java.util.Map<String, Double> lip = new java.util.HashMap<>();
        lip.put(block.input(), 1.0);
        java.util.Map<String, Shape> shapes = new java.util.HashMap<>();
        arch.shapes().forEach(shapes::put);
        List<String> factors = List.empty();
        boolean converged = true;
        for (String name : block.layers()) {
            Layer layer = arch.layer(name).get();
            Shape in = shapes.get(layer.input());
            double before = lip.getOrDefault(layer.input(), Double.NaN);
            double own;
            String label = name;
            if (Architecture.hasNeurons(layer)) {
                if (foldedInto(arch, block, name) != null) {
                    continue; // its batch norm computes the folded map
                }
                SpectralNorm.Estimate e = norm.of(linearMap(layer, in, weights, null));
                own = e.bound();
                converged &= e.converged();
                label = name + " " + fmt(own) + " (" + e.iterations() + " it)";
            } else if (layer instanceof Layer.BatchNorm) {
                double[] s = bnScale(weights, name);
                Layer producer = arch.layer(layer.input()).getOrNull();
                if (producer != null && Architecture.hasNeurons(producer) && name.equals(foldedInto(arch, block, producer.name()))) {
                    before = lip.getOrDefault(producer.input(), Double.NaN);
                    SpectralNorm.Estimate e = norm.of(linearMap(producer, shapes.get(producer.input()), weights, s));
                    own = e.bound();
                    converged &= e.converged();
                    label = producer.name() + "+" + name + " " + fmt(own) + " (" + e.iterations() + " it)";
                } else {
                    own = 0;
                    for (double v : s) {
                        own = Math.max(own, Math.abs(v));
                    }
                    label = name + " " + fmt(own);
                }
            } else if (layer instanceof Layer.DepthwiseConv2D c) {
                SpectralNorm.Estimate e = norm.of(depthwiseMap(c, (Shape.Image) in, weights));
                own = e.bound();
                converged &= e.converged();
                label = name + " " + fmt(own) + " (" + e.iterations() + " it)";
            } else if (layer instanceof Layer.ReLU || layer instanceof Layer.ReLU6 || layer instanceof Layer.Flatten
                    || layer instanceof Layer.ZeroPad) {
                own = 1;
                label = null;
            } else if (layer instanceof Layer.MaxPool p) {
                own = ceilDiv(p.size(), p.stride());
                label = name + " " + fmt(own);
            } else if (layer instanceof Layer.AvgPool p) {
                Shape.Image img = (Shape.Image) in;
                int count = minWindow(img.height(), p.size(), p.stride(), p.padding())
                        * minWindow(img.width(), p.size(), p.stride(), p.padding());
                own = ceilDiv(p.size(), p.stride()) / Math.sqrt(count);
                label = name + " " + fmt(own);
            } else if (layer instanceof Layer.GlobalAvgPool) {
                Shape.Image img = (Shape.Image) in;
                own = 1 / Math.sqrt((double) img.height() * img.width());
                label = name + " 1/sqrt(" + img.height() * img.width() + ")";
            } else if (layer instanceof Layer.Add a) {
                double sum = lip.getOrDefault(a.input(), Double.NaN) + lip.getOrDefault(a.other(), Double.NaN);
                lip.put(name, sum);
                factors = factors.append(name + " " + fmt(lip.get(a.input())) + " + " + fmt(lip.get(a.other())));
                continue;
            } else {
                throw new IllegalArgumentException("layer kind " + layer.kind() + " has no Lipschitz bound here");
            }
            if (Double.isNaN(before)) {
                throw new IllegalStateException("block " + block.number() + ": layer " + name + " reads "
                        + layer.input() + " from outside the block");
            }
            lip.put(name, own * before);
            if (label != null) {
                factors = factors.append(label);
            }
        }
        return new BlockLipschitz(block, lip.get(block.output()), factors, converged);
    }

    /** K_l for every block of {@code arch}, in order. */
    public static List<BlockLipschitz> all(Architecture arch, ModelWeights weights, SpectralNorm norm) {
        return Block.of(arch).map(b -> of(arch, weights, b, norm));
    }

    /** The batch norm that is the only reader of a Dense/Conv2D layer in the block, or null. */
    private static String foldedInto(Architecture arch, Block block, String layer) {
        List<Layer> readers = arch.layers().filter(l -> l.inputs().contains(layer));
        if (readers.size() == 1 && readers.head() instanceof Layer.BatchNorm && block.layers().contains(readers.head().name())) {
            return readers.head().name();
        }
        return null;
    }

    /** gamma / sqrt(moving_variance + eps) per channel: inference batch norm's linear part. */
    static double[] bnScale(ModelWeights weights, String bn) {
        float[] gamma = weights.get(bn, ModelWeights.GAMMA).values();
        float[] var = weights.get(bn, ModelWeights.MOVING_VARIANCE).values();
        double[] s = new double[gamma.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = gamma[c] / Math.sqrt((double) var[c] + ModelWeights.BN_EPSILON);
        }
        return s;
    }

    /** The linear part of a Dense/Conv2D layer reading a {@code in}-shaped input, scaled per output by s (null: 1). */
    static LinearMap linearMap(Layer layer, Shape in, ModelWeights weights, double[] s) {
        FloatArray kernel = weights.get(layer.name(), ModelWeights.KERNEL);
        int out = (int) kernel.dim(kernel.rank() - 1);
        double[] scale = s == null ? LinearMap.ones(out) : s;
        if (layer instanceof Layer.Conv2D c) {
            Shape.Image img = (Shape.Image) in;
            return LinearMap.conv(kernel.values(), c.kernel(), img.channels(), out, img.height(), img.width(),
                    c.stride(), c.padding(), scale);
        }
        return LinearMap.dense(kernel.values(), (int) in.size(), out, scale);
    }

    /** A depthwise convolution as the full convolution with kernel [k, k, C, C], zero off the diagonal. */
    static LinearMap depthwiseMap(Layer.DepthwiseConv2D layer, Shape.Image in, ModelWeights weights) {
        float[] depthwise = weights.get(layer.name(), ModelWeights.KERNEL).values();
        int k = layer.kernel();
        int c = in.channels();
        float[] full = new float[Math.multiplyExact(k * k * c, c)];
        for (int p = 0; p < k * k; p++) {
            for (int ch = 0; ch < c; ch++) {
                full[(p * c + ch) * c + ch] = depthwise[p * c + ch];
            }
        }
        return LinearMap.conv(full, k, c, c, in.height(), in.width(), layer.stride(), layer.padding(), LinearMap.ones(c));
    }

    /** The fewest inputs any pooling window covers along one axis (SAME windows at the border are cut). */
    static int minWindow(int in, int size, int stride, Padding padding) {
        int out = padding.outputSize(in, size, stride);
        int pad = padding == Padding.SAME ? Math.max((out - 1) * stride + size - in, 0) / 2 : 0;
        int min = Integer.MAX_VALUE;
        for (int o = 0; o < out; o++) {
            int from = Math.max(o * stride - pad, 0);
            int to = Math.min(o * stride - pad + size, in);
            min = Math.min(min, to - from);
        }
        return min;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
