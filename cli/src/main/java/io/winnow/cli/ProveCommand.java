package io.winnow.cli;

import io.winnow.tf.checks.TrainedDeepRunner;
import io.winnow.common.output.OutputTarget;
import io.winnow.common.output.Outputs;
import io.winnow.common.output.Staging;
import io.winnow.proofs.report.ProofReport;
import io.winnow.proofs.report.ReportConfig;
import io.winnow.proofs.report.ReportResult;
import io.winnow.engine.select.Selection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winnow prove}: the bound report of issue 5 (docs/proofs.md). Runs the one-layer checks
 * of docs/theory.md section 3 on seeded random instances and writes DIR/index.html, DIR/index.md
 * and the plots. The directory appears whole or not at all.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Check the theory's one-layer bounds on seeded random instances and write a report.",
                "Exit 0 if every check holds, 1 if any is violated (each violation is printed), 2 for bad input."})
public final class ProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "small grid (well under a minute)")
    boolean quick;

    @Mixin
    OutputOptions output;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random instance (default: ${DEFAULT-VALUE})")
    long seed = ReportConfig.DEFAULT_SEED;


    /** What each optimizeGamma run passes through before it is checked: the identity, except in tests. */
    private final UnaryOperator<Selection> beforeChecks;

    public ProveCommand() {
        this(UnaryOperator.identity());
    }

    ProveCommand(UnaryOperator<Selection> beforeChecks) {
        this.beforeChecks = beforeChecks;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ReportConfig config = quick ? ReportConfig.quick(seed) : ReportConfig.full(seed);
        Path out = output.out;
        try (OutputTarget target = output.claim(ProofReport.KIND, List.of(), REPORT_BYTES)) {
            ReportResult result = ProofReport.run(config, TrainedDeepRunner.INSTANCE, beforeChecks);
            try (Staging dir = target.stage()) {
                ProofReport.write(result, dir);
                dir.commit();
            } catch (IOException e) {
                throw new UserError(out + ": cannot write the report: " + e.getMessage(), e);
            }
            stdout.printf(Locale.ROOT, "winnow prove: %s grid, seed %d, %d instances, %.1f s; report in %s%n",
                    quick ? "quick" : "full", seed, result.instances(), result.elapsed().toMillis() / 1000.0, out);
            result.tallies().forEach(t -> stdout.printf(Locale.ROOT, "  %-15s %-11s checked %d, violated %d, skipped %d%n",
                    t.check(), t.verdict(), t.checked(), t.violated(), t.skipped()));
            List<String> violations = ProofReport.violationLines(result);
            violations.forEach(line -> stderr.println("violation: " + line));
            stdout.flush();
            stderr.flush();
            return violations.isEmpty() ? Winnow.EXIT_OK : Winnow.EXIT_RUN_FAILED;
        }
    }

    /** Room for the report's pages and plots. */
    private static final long REPORT_BYTES = 32L << 20;
}
