package io.winnow.tf.prune;

import io.vavr.control.Option;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.ChannelGroup;
import io.winnow.dsl.Plan;
import io.winnow.dsl.StepRule;
import io.winnow.tf.data.Split;
import io.winnow.tf.model.ModelWeights;
import io.winnow.engine.select.GlobalImitation;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;

/**
 * Global imitation of one channel group (method.md section 2; docs/theory.md section 5): the
 * mixing weights are chosen by {@link GlobalImitation} against the discrepancy of the network's
 * logits, {@link GlobalDiscrepancy}, on the calibration split.
 */
final class GlobalLayer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GlobalLayer.class);

    private GlobalLayer() {
    }

    static LayerResult select(Plan.PruneStep step, Architecture arch, ModelWeights weights, ChannelGroup group,
                              Split calibration, Stop stop) {
        long start = System.nanoTime();
        try (GlobalDiscrepancy discrepancy = new GlobalDiscrepancy(arch, weights, group, calibration)) {
            long built = System.nanoTime();
            StepRule rule = step.stage().rule().getOrElse(StepRule.OPTIMIZE_GAMMA);
            Selection selection = GlobalImitation.select(discrepancy, rule, stop);
            log(group, selection, discrepancy, built);
            return record(step, group, selection, (built - start) / 1_000_000, (System.nanoTime() - built) / 1_000_000);
        }
    }

    /** One line per group: the pass count is what global imitation's time is made of (docs/theory.md section 5.5). */
    static void log(ChannelGroup group, Selection selection, GlobalDiscrepancy discrepancy, long since) {
        LOG.info("global imitation of {}: {} steps, {} batch passes, {} ms", group.layers().mkString("+"),
                selection.steps().size(), discrepancy.passes(), (System.nanoTime() - since) / 1_000_000);
    }

    static LayerResult record(Plan.PruneStep step, ChannelGroup group, Selection selection, long buildMillis,
                              long selectMillis) {
        int n = group.width();
        int[] kept = selection.kept();
        double[] multipliers = selection.multipliers(); // c_i = N a_i (method.md section 1)
        return new LayerResult(step.order(), group.layers(), step.stage().label(), n, kept.length, kept, multipliers,
                Option.some(selection), buildMillis, selectMillis, LayerResult.Imitation.GLOBAL, Option.none(), Option.none());
    }
}
