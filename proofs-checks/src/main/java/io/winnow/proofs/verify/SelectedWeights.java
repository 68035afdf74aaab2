package io.winnow.proofs.verify;

import io.winnow.dsl.network.Architecture;
import io.winnow.proofs.deep.GroupMixing;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.WeightsDigest;
import io.winnow.engine.model.Surgery;
import java.util.List;

/**
 * The selected network before any finetuning: the original with every group's kept channels and
 * multipliers applied by surgery, in plan order, each followed by its bias corrections if the recipe asked for
 * them (docs/report.md, "Digests"). It is what a report's
 * {@code digests.selectedWeights} names, whatever finetuning happened after or between layers.
 */
public final class SelectedWeights {

    private SelectedWeights() {
    }

    public static Surgery.Pruned of(Architecture arch, ModelWeights original, List<GroupMixing> mixing) {
        Surgery.Pruned pruned = new Surgery.Pruned(arch, original);
        for (GroupMixing m : mixing) {
            Architecture a = pruned.architecture();
            pruned = Surgery.prune(a, pruned.weights(), a.groupOf(m.layers().head()), m.kept(), m.multipliers());
            ModelWeights shifted = pruned.weights();
            for (io.winnow.engine.model.BiasShift shift : m.biasShifts()) {
                shifted = shift.addTo(shifted);
            }
            pruned = new Surgery.Pruned(pruned.architecture(), shifted);
        }
        return pruned;
    }

    public static String digest(Architecture arch, ModelWeights original, List<GroupMixing> mixing) {
        Surgery.Pruned pruned = of(arch, original, mixing);
        return WeightsDigest.of(pruned.architecture(), pruned.weights());
    }
}
