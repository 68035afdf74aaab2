package io.winnow.cli;

import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.deep.Theorem4Report;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.report.ReportFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code winnow verify REPORT}: re-checks a pruning report's bound certificates offline. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check the bound certificates of a report.json (e.g. from another team's pruned model): "
                + "exit 0 if every inequality holds, 1 if any is violated, 2 if the file is not a report.")
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REPORT", description = "a report.json written by winnow prune (or its model directory)")
    Path report;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = Files.isDirectory(report) ? report.resolve(PruneReport.Digests.REPORT_FILE) : report;
        PruneReport json;
        try {
            json = ReportCodec.read(file);
        } catch (ReportFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        RunCertificates.Outcome outcome;
        try {
            outcome = RunCertificates.check(json);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        outcome.violations().forEach(v -> err.println("violation: " + v));
        java.util.List<String> deep = Theorem4Report.recheck(json);
        deep.forEach(p -> err.println("violation: " + p));
        for (var c : outcome.certificates()) {
            out.printf(java.util.Locale.ROOT, "%s: %d steps, L_0 %.4g -> %.4g, certified bound %.4g: %s%n", c.layer(),
                    c.entries().size(), c.initialLoss(),
                    c.entries().isEmpty() ? c.initialLoss() : c.entries().get(c.entries().size() - 1).lossAfter(),
                    c.finalBound(), c.holds() ? "holds" : "VIOLATED");
        }
        if (outcome.uncertifiedLayers() > 0) {
            out.println(outcome.uncertifiedLayers() + " layer(s) without a certificate (baselines, fixedGamma and global imitation have none)");
        }
        out.println("Theorem 4: " + json.theorem4().samples() + " recorded samples re-checked");
        boolean holds = outcome.holds() && deep.isEmpty();
        out.println(holds ? "ok: every certificate holds" : "FAILED: " + (outcome.violations().size() + deep.size())
                + " violation(s)");
        out.flush();
        return holds ? Winnow.EXIT_OK : Winnow.EXIT_RUN_FAILED;
    }
}
