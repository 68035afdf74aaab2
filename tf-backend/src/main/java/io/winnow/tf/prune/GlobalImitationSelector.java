package io.winnow.tf.prune;

import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.StepRule;
import io.winnow.engine.select.GlobalImitation;
import io.winnow.engine.select.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Global imitation of one channel group (docs/theory.md section 2; docs/theory.md section 5): the
 * mixing weights are chosen by {@link GlobalImitation} against the discrepancy of the network's
 * logits, {@link GlobalDiscrepancy}, on the calibration split. Every width is a run of its own.
 */
record GlobalImitationSelector(StepRule rule) implements Selector {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalImitationSelector.class);

    @Override
    public LayerOutcome select(GroupContext g, Width width) {
        long start = System.nanoTime();
        try (GlobalDiscrepancy discrepancy = new GlobalDiscrepancy(g.architecture(), g.weights(), g.group(),
                g.calibration())) {
            long built = System.nanoTime();
            GlobalImitation.Outcome outcome = GlobalImitation.run(discrepancy, rule, width.stop());
            Selection selection = outcome.selection();
            log(g.group(), outcome, discrepancy, built);
            return LayerOutcome.greedy(selection, LayerResult.Imitation.GLOBAL, LayerOutcome.millis(start, built),
                    LayerOutcome.millis(built, System.nanoTime()));
        }
    }

    /** One line per group: the pass count is what global imitation's time is made of (docs/theory.md section 5.5). */
    private static void log(ChannelGroup group, GlobalImitation.Outcome outcome, GlobalDiscrepancy discrepancy,
                            long since) {
        LOG.info("global imitation of {}: L_glob {} measured on the calibration split, {} steps, {} batch passes, {} ms",
                group.layers().mkString("+"), String.format(java.util.Locale.ROOT, "%.4g", outcome.loss()),
                outcome.selection().steps().size(), discrepancy.passes(), (System.nanoTime() - since) / 1_000_000);
    }
}
