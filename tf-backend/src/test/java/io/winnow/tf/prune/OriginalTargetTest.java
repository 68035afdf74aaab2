package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import io.winnow.engine.model.Surgery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** target(originalActivations()): y* from the unpruned network, on a small trained network. */
class OriginalTargetTest {

    private static final Architecture TINY = TinyNet.ARCH;

    private static Dataset data;
    private static ModelWeights trained;
    private static Split calibration;

    @BeforeAll
    static void train() {
        TinyNet.Trained net = TinyNet.trained();
        data = net.data();
        trained = net.weights();
        calibration = data.withCalibration(200, 3).calibration().get();
    }

    @Test
    void theLossIsTheDistanceToTheOriginalNetworksConsumerOutput() {
        // conv1 cut to 3 channels; conv2's consumer fc1 then reads a changed flatten.
        Surgery.Pruned cut = Surgery.prune(TINY, trained, TINY.groupOf("conv1"), new int[] {0, 2, 5},
                new double[] {1.5, 2.0, 1.0});
        ChannelGroup conv2 = cut.architecture().groupOf("conv2");
        Gram gram;
        FloatArray pruned;
        FloatArray original;
        try (Model model = Model.build(cut.architecture(), cut.weights()); Model unpruned = Model.build(TINY, trained)) {
            gram = OriginalTarget.gram(model, cut.weights(), conv2, calibration, unpruned);
            pruned = model.activations(calibration, List.of("flatten")).get("flatten").get();
            original = unpruned.activations(calibration, List.of("flatten")).get("flatten").get();
        }
        Selection s = OptimizeGamma.select(gram, Stop.atCount(4));
        double[] a = s.weights();
        int n = conv2.width();
        float[] w = cut.weights().get("fc1", ModelWeights.KERNEL).values();
        int features = (int) pruned.dim(1);
        int out = 16;
        double sq = 0;
        double yy = 0;
        for (int r = 0; r < calibration.size(); r++) {
            for (int o = 0; o < out; o++) {
                double f = 0;
                double y = 0;
                for (int e = 0; e < features; e++) {
                    double wo = w[e * out + o];
                    f += n * a[e % n] * pruned.values()[r * features + e] * wo;
                    y += original.values()[r * features + e] * wo;
                }
                sq += (f - y) * (f - y);
                yy += y * y;
            }
        }
        long m = (long) calibration.size() * out;
        assertThat(gram.dimension()).isEqualTo(m);
        assertThat(gram.emptyLoss()).isCloseTo(yy / m, within(1e-4 * yy / m));
        assertThat(s.loss()).isCloseTo(sq / m, within(1e-4 * yy / m));
        // The target really is the original network's: the default target gives another loss here.
        try (Model model = Model.build(cut.architecture(), cut.weights())) {
            Gram same = LayerStatistics.gram(model, cut.weights(), conv2, calibration);
            assertThat(Math.abs(same.emptyLoss() - gram.emptyLoss())).isGreaterThan(1e-3 * gram.emptyLoss());
        }
    }

    @Test
    void onTheFirstPrunedLayerItSelectsWhatTheDefaultTargetSelects() {
        Pruner.Result a = Pruner.run(localImitation().select(4).layers("conv1").target(originalActivations())
                .compile(TINY).get(), trained, calibration, 1);
        Pruner.Result b = Pruner.run(localImitation().select(4).layers("conv1").compile(TINY).get(), trained,
                calibration, 1);
        assertThat(a.layers().head().mixing().kept()).isEqualTo(b.layers().head().mixing().kept());
        double[] ma = a.layers().head().mixing().multipliers();
        double[] mb = b.layers().head().mixing().multipliers();
        for (int j = 0; j < ma.length; j++) {
            assertThat(ma[j]).isCloseTo(mb[j], within(1e-3 * Math.abs(mb[j]) + 1e-6));
        }
    }

    @Test
    void aWholeRunWithTheOriginalTargetPrunesAndReportsIt() {
        Plan plan = localImitation().select(ratio(0.5)).target(originalActivations()).calibration(200).compile(TINY).get();
        PruneJob.Outcome run = PruneJob.run(plan, trained, data, 3);
        assertThat(run.pruned().architecture().widths().values()).containsExactly(4, 4, 8, 3);
        assertThat(PruneJobTest.report(run, trained).layers().get(1).selection().get().target())
                .isEqualTo("originalActivations");
        // Half of every layer of this weakly trained net is near chance either way (docs/theory.md section 5).
        assertThat(run.afterSelection().loss()).isFinite().isLessThan(run.original().loss() * 3);
    }
}
