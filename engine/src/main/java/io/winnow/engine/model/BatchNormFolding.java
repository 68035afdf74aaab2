package io.winnow.engine.model;

import io.vavr.collection.HashMap;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;

/**
 * Batch norm folded into the Dense, Conv2D or DepthwiseConv2D layer before it, for inference: the network that
 * serves. In inference mode a batch norm is the per-channel affine map
 * y = s (x - mean) + beta with s = gamma / sqrt(var + eps), so after a layer x = W u + b it is the
 * layer with kernel W s (each output channel's column scaled; a depthwise kernel's channel) and bias s (b - mean) + beta
 * (docs/theory.md section 7). The folded network computes the same function up to float rounding,
 * with fewer layers and no normalisation work per call.
 *
 * <p>A batch norm folds only when it reads a Dense, Conv2D or DepthwiseConv2D layer
 * that nothing else reads; any
 * other batch norm stays as it is.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /**
     * @param architecture the network without the folded batch norms (layers that read one read its
     *                     producer instead)
     * @param weights      its weights
     * @param folded       how many batch norms were folded
     */
    public record Folded(Architecture architecture, ModelWeights weights, int folded) {
    }

    public static Folded fold(Architecture arch, ModelWeights weights) {
        Map<String, String> spliced = HashMap.empty(); // batch norm -> the layer it folds into
        ModelWeights w = weights;
        for (Layer layer : arch.layers()) {
            if (layer instanceof Layer.BatchNorm bn && foldable(arch, bn)) {
                w = foldInto(w, bn.input(), bn.name());
                spliced = spliced.put(bn.name(), bn.input());
            }
        }
        Map<String, String> into = spliced;
        List<Layer> layers = arch.layers().filter(l -> !into.containsKey(l.name()))
                .map(l -> l.reading(name -> into.get(name).getOrElse(name)));
        Map<String, Map<String, FloatArray>> kept = LinkedHashMap.empty();
        for (var e : w.layers()) {
            if (!into.containsKey(e._1)) {
                kept = kept.put(e._1, e._2);
            }
        }
        return new Folded(new Architecture(arch.name(), arch.input(), layers), new ModelWeights(kept), into.size());
    }

    private static boolean foldable(Architecture arch, Layer.BatchNorm bn) {
        Layer producer = arch.layer(bn.input()).getOrNull();
        boolean affineBefore = producer instanceof Layer.Dense || producer instanceof Layer.Conv2D
                || producer instanceof Layer.DepthwiseConv2D;
        return affineBefore && arch.layers().count(l -> l.inputs().contains(bn.input())) == 1;
    }

    private static ModelWeights foldInto(ModelWeights w, String layer, String bn) {
        float[] gamma = w.get(bn, ModelWeights.GAMMA).values();
        float[] beta = w.get(bn, ModelWeights.BETA).values();
        float[] mean = w.get(bn, ModelWeights.MOVING_MEAN).values();
        float[] variance = w.get(bn, ModelWeights.MOVING_VARIANCE).values();
        FloatArray kernel = w.get(layer, ModelWeights.KERNEL);
        float[] bias = w.get(layer, ModelWeights.BIAS).values();
        int channels = bias.length;
        double[] scale = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma[c] / Math.sqrt((double) variance[c] + ModelWeights.BN_EPSILON);
        }
        float[] k = kernel.values().clone(); // output channel is the last, fastest axis of every kernel
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] * scale[i % channels]);
        }
        float[] b = new float[channels];
        for (int c = 0; c < channels; c++) {
            b[c] = (float) (scale[c] * ((double) bias[c] - mean[c]) + beta[c]);
        }
        return w.with(layer, ModelWeights.KERNEL, new FloatArray(kernel.shape(), k))
                .with(layer, ModelWeights.BIAS, new FloatArray(new long[] {channels}, b));
    }
}
