package io.winnow.tf.prune;

import io.winnow.dsl.Target;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.select.Gram;
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

    @Override
    void close();

    /**
     * The Gram of the group whose first layer is {@code groupLayer}, on one part of the calibration split,
     * as this JVM computes it (forward passes in batches of 128): what each partition runs on a cluster.
     * The parts' Gram matrices add up to the whole split's, to rounding.
     */
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
