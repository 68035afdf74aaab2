package io.winnow.tf.checks;

import io.vavr.collection.List;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipes;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.proofs.deep.BlockLipschitz;
import io.winnow.proofs.deep.GroupMixing;
import io.winnow.proofs.deep.SpectralNorm;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.tf.prune.Pruner;

/** Final discrepancy against per-layer width: Theorem 4 checked at several widths of one network. */
public final class WidthCurve {

    private WidthCurve() {
    }

    /**
     * Prunes {@code weights} by local imitation (optimizeGamma) at each ratio of every prunable
     * layer's width on {@code calibration}, and checks the bound there.
     */
    public static List<Theorem4Check.CurvePoint> of(Architecture arch, ModelWeights weights, Split calibration,
                                                    double[] ratios, long seed) {
        List<BlockLipschitz> constants = BlockLipschitz.all(arch, weights, SpectralNorm.DEFAULT);
        List<Theorem4Check.CurvePoint> points = List.empty();
        for (double ratio : ratios) {
            Plan plan = Recipes.localImitation().select(Recipes.ratio(ratio)).compile(arch)
                    .getOrElseThrow(p -> new IllegalArgumentException(p.mkString("; ")));
            Pruner.Result run = Pruner.run(plan, weights, calibration, seed);
            ModelWeights pruned = GroupMixing.apply(arch, weights, run.mixing());
            Theorem4Result result = Theorem4Check.assess(constants,
                    Theorem4Check.measure(ModelNetworks.INSTANCE, arch, weights, pruned, calibration));
            points = points.append(new Theorem4Check.CurvePoint(ratio, run.architecture().widths(),
                    result.meanDiscrepancy(), result.meanBound(), result.tightness(), result.violations().size(), result));
        }
        return points;
    }
}
