package io.winnow.bench;

import io.winnow.WinnowModel;
import io.winnow.report.PruneReport;
import io.winnow.tf.model.LatencyProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The realised-speedup table of docs/benchmarks.md: for each pruned model, its TensorFlow Java latency
 * against the original's (batch norm folded in both, calls alternating, {@link #RUNS} timed calls after
 * the warm-up), the speedup at batch 1 and 256, and the realised fraction of the FLOPs reduction,
 * speedup / (original FLOPs / pruned FLOPs): 1 when the time falls as fast as the multiply-adds. Run by
 * {@code bench/speedup.sh}, which trains and prunes first.
 *
 * <p>Arguments: the output markdown file, then one {@code model|recipe|ORIGINAL_DIR|PRUNED_DIR} per row, and
 * {@code --skipped=TEXT} for each recipe the script could not run.
 */
public final class SpeedupTable {

    static final int RUNS = 41;

    private SpeedupTable() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> lines = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--skipped=")) {
                skipped.add(args[i].substring("--skipped=".length()));
                continue;
            }
            String[] f = args[i].split("\\|");
            WinnowModel original = WinnowModel.load(Path.of(f[2]));
            WinnowModel pruned = WinnowModel.load(Path.of(f[3]));
            PruneReport.Latency l = LatencyProbe.compare(original.architecture(), original.weights(),
                    pruned.architecture(), pruned.weights(), RUNS);
            long before = original.architecture().totalFlops();
            long after = pruned.architecture().totalFlops();
            double reduction = (double) before / after;
            double speedup1 = l.original().batch1Ms() / l.pruned().batch1Ms();
            double speedup256 = l.original().batch256Ms() / l.pruned().batch256Ms();
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %.1f%% (%.2fx fewer) | %.3f → %.3f (%.2fx) | "
                            + "%.2f → %.2f (%.2fx) | %.2f |",
                    f[0], f[1], pruned.architecture().groups().filter(io.winnow.dsl.network.ChannelGroup::prunable)
                            .map(g -> String.valueOf(g.width())).mkString(" "),
                    100.0 * after / before, reduction, l.original().batch1Ms(), l.pruned().batch1Ms(), speedup1,
                    l.original().batch256Ms(), l.pruned().batch256Ms(), speedup256, speedup256 / reduction));
            System.err.println("measured " + f[0] + " " + f[1]);
        }
        StringBuilder md = new StringBuilder();
        md.append("## Realised speedup in TensorFlow Java\n\n");
        md.append("Produced by `bench/speedup.sh` on ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, CPU, ").append(LatencyProbe.RUNTIME)
                .append(String.format(Locale.ROOT, ". Each model is pruned to half its FLOPs by "
                        + "`localImitation().optimizeGamma().select(flops(0.5)).calibration(1024).seed(1)`, without align, "
                        + "with `.align(8)` and with `.align(16)`, no finetune (latency does not depend on it). Latency is the median of "
                        + "%d calls after the warm-up on seeded random inputs, both models with batch norm folded, the "
                        + "original's and the pruned model's calls alternating. \"Realised\" is the speedup at batch 256 "
                        + "divided by the FLOPs reduction (1: time falls as fast as the multiply-adds; the issue's goal "
                        + "is at least 0.8).%n%n", RUNS));
        md.append("| model | recipe | kept widths | FLOPs kept | batch 1 ms | batch 256 ms | realised |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        lines.forEach(line -> md.append(line).append('\n'));
        if (!skipped.isEmpty()) {
            md.append("\nNot run: ").append(String.join("; ", skipped)).append(".\n");
        }
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".speedup", ".md");
        Files.writeString(tmp, md.toString());
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
