package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.BiasShift;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.mixing.Mixing;
import io.winnow.engine.model.Surgery;

/**
 * What selection did to one channel group: the kept channels (original numbering, ascending) and
 * their multipliers c_i = N a_i (docs/theory.md section 1), and what {@code correctBias()} then added
 * to the biases of the layers that read it (none without it).
 *
 * @param layers      the group's Dense/Conv2D layers (any one names the group)
 * @param kept        kept channels
 * @param multipliers c_i for each kept channel
 * @param biasShifts  the bias corrections made right after this group was cut
 */
public record GroupMixing(List<String> layers, int[] kept, double[] multipliers, List<BiasShift> biasShifts) {

    /** A group pruned without bias correction. */
    public GroupMixing(List<String> layers, int[] kept, double[] multipliers) {
        this(layers, kept, multipliers, List.empty());
    }

    /** What selection did to the group of {@code layers}. */
    public static GroupMixing of(List<String> layers, Mixing mixing) {
        return new GroupMixing(layers, mixing.kept(), mixing.multipliers());
    }

    /**
     * The pruned network at full width: the original weights with every group's mixing applied to
     * the input weights of the layers that read it ({@link Surgery#applyMixing}); dropped channels
     * are read with weight 0, and every bias shift is added to the unpruned channel it names. It computes
     * what the physically pruned network computes.
     */
    public static ModelWeights apply(Architecture arch, ModelWeights weights, List<GroupMixing> mixing) {
        ModelWeights w = weights;
        for (GroupMixing m : mixing) {
            w = Surgery.applyMixing(arch, w, arch.groupOf(m.layers().head()), m.kept(), m.multipliers());
            for (BiasShift shift : m.biasShifts()) {
                w = shift.addAtFullWidth(w);
            }
        }
        return w;
    }
}
