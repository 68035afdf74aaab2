package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.model.Surgery;

/**
 * What selection did to one channel group: the kept channels (original numbering, ascending) and
 * their multipliers c_i = N a_i (docs/theory.md section 1).
 *
 * @param layers      the group's Dense/Conv2D layers (any one names the group)
 * @param kept        kept channels
 * @param multipliers c_i for each kept channel
 */
public record GroupMixing(List<String> layers, int[] kept, double[] multipliers) {

    /** What selection did to the group of {@code layers}. */
    public static GroupMixing of(List<String> layers, Mixing mixing) {
        return new GroupMixing(layers, mixing.kept(), mixing.multipliers());
    }

    /**
     * The pruned network at full width: the original weights with every group's mixing applied to
     * the input weights of the layers that read it ({@link Surgery#applyMixing}); dropped channels
     * are read with weight 0. It computes what the physically pruned network computes.
     */
    public static ModelWeights apply(Architecture arch, ModelWeights weights, List<GroupMixing> mixing) {
        ModelWeights w = weights;
        for (GroupMixing m : mixing) {
            w = Surgery.applyMixing(arch, w, arch.groupOf(m.layers().head()), m.kept(), m.multipliers());
        }
        return w;
    }
}
