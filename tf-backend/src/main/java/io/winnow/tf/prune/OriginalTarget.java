package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.stats.ContributionGram;
import io.winnow.tf.stats.ContributionTarget;
import io.winnow.engine.select.Gram;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Statistics for target(originalActivations()) (docs/theory.md section 2; docs/theory.md section 5): G from
 * the pruned network as for the default target, but y* is what the consumers (with their current
 * weights) compute from the unpruned network's activations, y* = X_orig W, so local imitation also
 * compensates the error of the layers pruned before. One forward pass of each network per batch.
 */
final class OriginalTarget {

    private OriginalTarget() {
    }

    static Gram gram(Model model, ModelWeights weights, ChannelGroup group, Split calibration, Model original) {
        return gram(model, weights, group, calibration, original, group.layers().mkString("+"));
    }

    /** As above; {@code layer} names the group in the progress log. */
    static Gram gram(Model model, ModelWeights weights, ChannelGroup group, Split calibration, Model original,
                     String layer) {
        List<Layer> consumers = LayerStatistics.consumers(model.architecture(), group);
        if (consumers.isEmpty()) {
            throw new IllegalStateException("no layer reads the channels of " + group.layers().mkString(", "));
        }
        java.util.List<ContributionGram.Consumer> specs = LayerStatistics.specs(model.architecture(), weights, group,
                consumers);
        List<String> inputs = consumers.map(Layer::input);
        StatisticsProgress progress = new StatisticsProgress(layer, calibration.size());
        try (ContributionGram gram = new ContributionGram(group.width(), specs);
             ContributionTarget target = new ContributionTarget(group.width(), specs)) {
            for (int from = 0; from < calibration.size(); from += LayerStatistics.BATCH) {
                Split batch = calibration.slice(from, Math.min(calibration.size(), from + LayerStatistics.BATCH));
                var pruned = model.activations(batch.x(), batch.size(), inputs.distinct());
                var unpruned = original.activations(batch.x(), batch.size(), inputs.distinct());
                java.util.List<TFloat32> p = new ArrayList<>();
                java.util.List<TFloat32> o = new ArrayList<>();
                try {
                    for (String input : inputs) {
                        FloatArray a = pruned.get(input).get();
                        FloatArray b = unpruned.get(input).get();
                        if (!Arrays.equals(a.shape(), b.shape())) {
                            throw new IllegalStateException("layer " + input + " reads " + a.shapeText()
                                    + " in the pruned network but " + b.shapeText() + " in the original one");
                        }
                        p.add(Model.tensor(a));
                        o.add(Model.tensor(b));
                    }
                    gram.add(p);
                    target.add(p, o);
                } finally {
                    p.forEach(Tensor::close);
                    o.forEach(Tensor::close);
                }
                progress.batch(from / LayerStatistics.BATCH + 1);
            }
            Gram result = Gram.withTarget(Gram.of(group.width(), gram.dimension(), gram.gram()), target.inner(),
                    target.normSq());
            progress.done(gram.samples(), consumers.map(Layer::name).asJava(), gram.formulations());
            return result;
        }
    }
}
