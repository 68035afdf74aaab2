package io.winnow.tf.prune;

import io.winnow.dsl.Target;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.select.Gram;
import io.vavr.control.Option;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.tf.model.Model;

/**
 * Where a run computes its per-group Gram matrices when not in this JVM (docs/theory.md section 1): a
 * cluster engine ({@code winnow prune --master URL}, docs/scale.md) computes the Gram of each part of
 * the calibration split on its executors with {@link #onePart} and adds the parts ({@link Gram#plus}).
 * Without one, a run makes one pass over the calibration split per group here.
 */
public interface CalibrationStatistics extends AutoCloseable {

    /** A network as the statistics read it. */
    record Network(Architecture architecture, ModelWeights weights) {
    }

    /**
     * The Gram of {@code group} of {@code current} on {@code calibration}, the split the run uses, for
     * {@code target}; {@code original} is the unpruned network, which only target(originalActivations())
     * reads. {@code label} names the group in progress logs ("layer 2 of 4 (conv2)").
     */
    Gram gram(Network current, Network original, ChannelGroup group, Target target, Split calibration, String label);

    /** Where the Gram matrices are computed, for the log: "Apache Spark on local[2]". */
    String describe();

    /**
     * The calibration data the Gram matrices are summed over when it is not the run's calibration split
     * ({@code --calibration-data}, streamed); none by default.
     */
    default Option<StreamedSamples> streamed() {
        return Option.none();
    }

    @Override
    void close();

    /**
     * The Gram of the group whose first layer is {@code groupLayer}, on one part of the calibration split,
     * as this JVM computes it (forward passes in batches of 128): what each partition runs on a cluster.
     * The parts' Gram matrices add up to the whole split's, to rounding.
     */
    /**
     * The Gram of the group whose first layer is {@code groupLayer} on samples {@code [from, to)} of
     * streamed calibration data, read {@link StreamedSamples#PART} at a time and added part by part in
     * order, so one part at most is in memory and the same range gives the same matrix bit for bit.
     */
    static Gram streamed(Network current, Network original, String groupLayer, Target target, StreamedSamples data,
                         int from, int to, String label) {
        Gram sum = null;
        long began = System.nanoTime();
        long lastInfo = began;
        for (int start = from; start < to; start += StreamedSamples.PART) {
            int end = Math.min(to, start + StreamedSamples.PART);
            Split part = data.range(start, end);
            String where = label + ", samples " + start + "-" + end + " of " + data.size();
            Gram gram = StatisticsProgress.asPart(() -> onePart(current, original, groupLayer, target, part, where));
            sum = sum == null ? gram : sum.plus(gram);
            long now = System.nanoTime();
            if (now - lastInfo >= StatisticsProgress.INFO_EVERY_NANOS && end < to) {
                lastInfo = now;
                StatisticsProgress.streamed(label, end - from, to - from, now - began);
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no samples in [" + from + ", " + to + ") of " + data.describe());
        }
        return sum;
    }

    static Gram onePart(Network current, Network original, String groupLayer, Target target, Split part, String label) {
        ChannelGroup group = current.architecture().groupOf(groupLayer);
        try (Model model = Model.forInference(current.architecture(), current.weights())) {
            return switch (target) {
                case SAME_INPUT -> LayerStatistics.gram(model, current.weights(), group, part, label,
                        ActivationCache.off());
                case ORIGINAL_ACTIVATIONS -> {
                    try (Model unpruned = Model.forInference(original.architecture(), original.weights())) {
                        yield OriginalTarget.gram(model, current.weights(), group, part, unpruned, label);
                    }
                }
            };
        }
    }
}
