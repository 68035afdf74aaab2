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
import org.tensorflow.Result;
import org.tensorflow.Session;
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
        return gram(model, weights, group, calibration, group.layers().mkString("+"), ActivationCache.off());
    }

    /**
     * As {@link #gram(Model, ModelWeights, ChannelGroup, Split)}; {@code layer} names it in the progress log.
     * Layer outputs {@code cache} holds for this network are fed instead of computed, and the consumer inputs
     * this pass reads are left in it for the next.
     */
    static Gram gram(Model model, ModelWeights weights, ChannelGroup group, Split calibration, String layer,
                     ActivationCache cache) {
        Architecture arch = model.architecture();
        List<Layer> consumers = consumers(arch, group);
        if (consumers.isEmpty()) {
            throw new IllegalStateException("no layer reads the channels of " + group.layers().mkString(", "));
        }
        java.util.List<ContributionGram.Consumer> specs = specs(arch, weights, group, consumers);
        List<String> inputs = consumers.map(Layer::input);
        List<String> distinct = inputs.distinct();
        Map<String, FloatArray> known = cache.feedsFor(arch, weights, distinct);
        java.util.Map<String, float[]> read = new java.util.LinkedHashMap<>();
        java.util.Map<String, long[]> shapes = new java.util.HashMap<>();
        StatisticsProgress progress = new StatisticsProgress(layer, calibration.size());
        try (ContributionGram gram = new ContributionGram(group.width(), specs)) {
            for (int from = 0; from < calibration.size(); from += BATCH) {
                int to = Math.min(calibration.size(), from + BATCH);
                Split batch = calibration.slice(from, to);
                java.util.List<TFloat32> fed = new ArrayList<>();
                try (TFloat32 x = model.batch(batch.x(), batch.size())) {
                    Session.Runner runner = model.runner().feed(model.input(), x);
                    for (var output : known) {
                        if (distinct.contains(output._1)) {
                            // Fetched by this pass: TensorFlow refuses a tensor both fed and fetched, and
                            // computing it costs only what lies before it.
                            continue;
                        }
                        TFloat32 t = Model.tensor(output._2.rows(from, to));
                        fed.add(t);
                        runner.feed(model.outputName(output._1), t);
                    }
                    distinct.forEach(input -> runner.fetch(model.outputName(input)));
                    try (Result result = runner.run()) {
                        java.util.List<TFloat32> tensors = new ArrayList<>();
                        for (String input : inputs) {
                            tensors.add((TFloat32) result.get(distinct.indexOf(input)));
                        }
                        gram.add(tensors);
                        for (int k = 0; cache.enabled() && k < distinct.size(); k++) {
                            keep(read, shapes, distinct.get(k), Model.array((TFloat32) result.get(k)), from,
                                    calibration.size());
                        }
                    }
                } finally {
                    fed.forEach(Tensor::close);
                }
                progress.batch(from / BATCH + 1);
            }
            cache.remember(arch, weights, io.vavr.collection.LinkedHashMap.ofAll(read)
                    .map((name, values) -> io.vavr.Tuple.of(name, new FloatArray(shapes.get(name), values))));
            Gram result = Gram.of(group.width(), gram.dimension(), gram.gram());
            progress.done(gram.samples(), consumers.map(Layer::name).asJava(), gram.formulations());
            return result;
        }
    }

    /** Copies one batch of an output into its place in the whole split's array. */
    private static void keep(java.util.Map<String, float[]> read, java.util.Map<String, long[]> shapes, String name,
                             FloatArray batch, int from, int samples) {
        long[] shape = batch.shape().clone();
        int perSample = Math.toIntExact(FloatArray.sizeOf(shape) / shape[0]);
        float[] all = read.computeIfAbsent(name, k -> new float[Math.multiplyExact(samples, perSample)]);
        System.arraycopy(batch.values(), 0, all, from * perSample, batch.values().length);
        shape[0] = samples;
        shapes.put(name, shape);
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
