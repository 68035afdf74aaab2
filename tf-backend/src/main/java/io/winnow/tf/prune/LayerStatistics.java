package io.winnow.tf.prune;

import io.vavr.collection.Map;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.stats.ContributionGram;
import io.winnow.engine.select.Gram;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;

/**
 * Gathers the Gram matrix of one channel group on the calibration split (docs/theory.md section 1):
 * a forward pass of the current (partly pruned) model per batch fetches what each consumer reads,
 * so the target is the original layer on the pruned network's input (target sameInput).
 */
final class LayerStatistics {

    /** Calibration samples per forward pass: bounds memory to one batch of activations. */
    static final int BATCH = 128;

    private LayerStatistics() {
    }

    /** The Dense/Conv2D layers outside the group that read its channels. */
    static List<Layer> consumers(Architecture arch, ChannelGroup group) {
        return group.layers().flatMap(arch::consumers).distinct()
                .filter(c -> !group.layers().contains(c))
                .map(c -> arch.layer(c).get());
    }

    static Gram gram(Model model, ModelWeights weights, ChannelGroup group, Split calibration) {
        return gram(model, weights, group, calibration, group.layers().mkString("+"));
    }

    /** As {@link #gram(Model, ModelWeights, ChannelGroup, Split)}; {@code layer} names it in the progress log. */
    static Gram gram(Model model, ModelWeights weights, ChannelGroup group, Split calibration, String layer) {
        Architecture arch = model.architecture();
        List<Layer> consumers = consumers(arch, group);
        if (consumers.isEmpty()) {
            throw new IllegalStateException("no layer reads the channels of " + group.layers().mkString(", "));
        }
        java.util.List<ContributionGram.Consumer> specs = specs(arch, weights, group, consumers);
        List<String> inputs = consumers.map(Layer::input);
        StatisticsProgress progress = new StatisticsProgress(layer, calibration.size());
        try (ContributionGram gram = new ContributionGram(group.width(), specs)) {
            for (int from = 0; from < calibration.size(); from += BATCH) {
                Split batch = calibration.slice(from, Math.min(calibration.size(), from + BATCH));
                Map<String, FloatArray> activations = model.activations(batch.x(), batch.size(), inputs.distinct());
                java.util.List<TFloat32> tensors = new ArrayList<>();
                try {
                    for (String input : inputs) {
                        tensors.add(Model.tensor(activations.get(input).get()));
                    }
                    gram.add(tensors);
                } finally {
                    tensors.forEach(Tensor::close);
                }
                progress.batch(from / BATCH + 1);
            }
            Gram result = Gram.of(group.width(), gram.dimension(), gram.gram());
            progress.done(gram.samples(), consumers.map(Layer::name).asJava(), gram.formulations());
            return result;
        }
    }

    /** What each consumer reads of the group and its current weights, in the order of {@code consumers}. */
    static java.util.List<ContributionGram.Consumer> specs(Architecture arch, ModelWeights weights, ChannelGroup group,
                                                          List<Layer> consumers) {
        java.util.List<ContributionGram.Consumer> specs = new ArrayList<>();
        for (Layer c : consumers) {
            FloatArray kernel = weights.get(c.name(), ModelWeights.KERNEL);
            int out = (int) kernel.dim(kernel.rank() - 1);
            if (c instanceof Layer.Conv2D conv) {
                specs.add(new ContributionGram.Consumer.Conv(conv.kernel(), conv.stride(), conv.padding(), out,
                        kernel.values()));
            } else {
                long features = arch.shapeOf(c.input()).size();
                specs.add(new ContributionGram.Consumer.Dense((int) (features / group.width()), out, kernel.values()));
            }
        }
        return specs;
    }
}
