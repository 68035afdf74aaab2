package io.winnow.cli;

import io.vavr.collection.List;
import io.vavr.control.Option;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.report.PruneReport;
import java.util.Locale;

/**
 * The note {@code winnow prune} prints when the pruned model ran slower than the original at batch 256
 * although it has fewer FLOPs: runtimes vectorise over channels, and widths that are not multiples of
 * the CPU's float32 lanes run slowly (docs/recipes.md, "align(m)"), so it names the pruned groups whose
 * width is not a multiple of 16 and the step that fixes them.
 */
final class SlowWidths {

    /** The vector width the note checks: the float32 lanes of AVX-512. */
    static final int LANES = 16;

    private SlowWidths() {
    }

    static Option<String> note(PruneReport.Latency latency, Architecture original, Architecture pruned) {
        double speedup = latency.original().batch256Ms() / latency.pruned().batch256Ms();
        if (!(speedup < 1) || pruned.totalFlops() >= original.totalFlops()) {
            return Option.none();
        }
        List<String> odd = pruned.groups().filter(ChannelGroup::prunable)
                .filter(g -> g.width() % LANES != 0 && g.width() != original.groupOf(g.layers().head()).width())
                .map(g -> g.layers().head() + " " + g.width());
        if (odd.isEmpty()) {
            return Option.none();
        }
        return Option.some(String.format(Locale.ROOT, "note: the pruned model ran %.2fx the original's speed at batch "
                        + "256 with %.1f%% of its FLOPs; widths that are not multiples of the CPU's vector lanes run "
                        + "slowly (%s): add .align(%d) (AVX-512) or .align(8) (AVX2) to the stage (docs/recipes.md)",
                speedup, 100.0 * pruned.totalFlops() / original.totalFlops(), odd.mkString(", "), LANES));
    }
}
