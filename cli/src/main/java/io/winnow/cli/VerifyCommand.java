package io.winnow.cli;

import io.winnow.proofs.verify.Finding;
import io.winnow.tf.checks.FullVerifier;
import io.winnow.proofs.verify.ReportVerifier;
import io.winnow.proofs.verify.Verification;
import io.winnow.report.PruneReport;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.report.ReportCodec;
import io.winnow.report.ReportFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code winnow verify OUT}: re-derives every verdict of a pruned model's report.json offline
 * ({@link ReportVerifier}) and fails on any contradiction. It does not start TensorFlow.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-check a pruned model's report.json offline: recompute every verdict (plan labels, "
                + "step rules, kept channels, certificates, Theorem 4, sizes, file digests) from the record, "
                + "its recipe and the model beside it, and trust none of the recorded ones.",
                "Exit 0 if everything agrees, 1 with one FAILED line per finding, 2 if OUT is not a readable report.",
                "--junit FILE.xml also writes the result as a JUnit XML report for CI."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OUT", description = "a model directory written by winnow prune, or its report.json")
    Path target;

    @Option(names = "--model", paramLabel = "ORIGINAL",
            description = "full mode: the original model the report was pruned from; verify reruns the recipe on it "
                    + "and re-measures every recorded loss, Theorem 4 and the accuracies (needs TensorFlow)")
    Path original;

    @Option(names = "--data", paramLabel = "DIR", description = "full mode: the data the run used (with --mean and --std as recorded unless given; "
            + "without it, the data report.json records, data.argument); "
            + CommandRunner.DATA_HELP)
    String dataDir;

    @picocli.CommandLine.Mixin
    NormalisationOptions normalisation;

    @Option(names = "--calibration-data", paramLabel = "DIR",
            description = "full mode, for a run pruned with --calibration-data: the same calibration data, streamed "
                    + "again")
    Path calibrationData;

    @Option(names = "--junit", paramLabel = "FILE.xml",
            description = "also write the verification as a JUnit XML report for CI: one testcase per layer's "
                    + "certificate, one for Theorem 4, one for plan, sizes and files (and one for full mode)")
    Path junit;

    @Option(names = "--force", description = "let --junit replace a JUnit report that winnow verify wrote earlier")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path file = Files.isDirectory(target) ? target.resolve("report.json") : target;
        if (Files.isDirectory(target) && !Files.exists(file)) {
            throw new UserError(target + ": no report.json in this directory; is it a model written by winnow prune?");
        }
        Path outDir = file.toAbsolutePath().getParent();
        PruneReport report;
        try {
            report = ReportCodec.read(file);
        } catch (ReportFormatException e) {
            throw new UserError(oneLine(e.getMessage()));
        }
        if (calibrationData != null && original == null) {
            throw new UserError("--calibration-data belongs to the full mode: give --model ORIGINAL and --data as well");
        }
        if (dataDir != null && original == null) {
            throw new UserError("--data belongs to the full mode: give --model ORIGINAL as well");
        }
        if ((normalisation.mean != null || normalisation.std != null) && original == null) {
            throw new UserError("--mean and --std belong to the full mode: give --model ORIGINAL and --data as well");
        }
        if (force && junit == null) {
            throw new UserError("--force belongs to --junit: it lets a JUnit report Winnow wrote be replaced");
        }
        if (junit != null) {
            JUnitReport.claim(junit, outDir, force);
        }
        Verification verification = ReportVerifier.verify(outDir, report);
        for (Finding f : verification.findings()) {
            out.println("FAILED " + oneLine(f.line()));
        }
        if (!verification.ok()) {
            junit(file, report, verification, java.util.List.of());
            out.println("FAILED: " + verification.findings().size() + " finding(s) in " + file);
            out.flush();
            return Winnow.EXIT_RUN_FAILED;
        }
        if (original != null) {
            return full(out, file, outDir, report, verification);
        }
        junit(file, report, verification, java.util.List.of());
        out.println("ok: " + file + " verifies offline");
        verification.derived().forEach(line -> out.println("  " + line));
        out.println("  not checked offline: that losses, Theorem 4 terms and accuracies were measured on the "
                + "original model and data (full mode)");
        out.flush();
        return Winnow.EXIT_OK;
    }

    /** Full mode, after offline verification passed: re-derive the numbers from ORIGINAL and the data. */
    private int full(PrintWriter out, Path file, Path outDir, PruneReport report, Verification offline) {
        io.winnow.dsl.network.Architecture arch = io.winnow.WinnowModel.load(original).architecture();
        String dataOption = dataDir;
        if (dataOption == null) {
            // Without --data the default would be the installed full Fashion-MNIST, not what the run read.
            java.util.Optional<String> recorded = report.data().argument();
            if (recorded.isEmpty()
                    && report.data().source().equals(new io.winnow.tf.data.DataSource.Embedded().toString())) {
                recorded = java.util.Optional.of(io.winnow.tf.data.DataReader.EMBEDDED); // a report from before argument
            }
            if (recorded.isPresent()) {
                dataOption = recorded.get();
                if (!dataOption.equals(io.winnow.tf.data.DataReader.EMBEDDED) && !Files.exists(Path.of(dataOption))) {
                    throw new UserError("the run read its data from " + dataOption
                            + ", which is not here: give that data with --data");
                }
                out.println("full mode: data as report.json records it, the " + report.data().source()
                        + " (--data to give other data)");
            }
        }
        io.winnow.tf.data.Dataset data = CommandRunner.data(dataOption,
                normalisation.normalisation(report.data().normalisation()), arch, out);
        io.vavr.control.Option<StreamedSamples> streamed = io.vavr.control.Option.of(calibrationData)
                .map(path -> StreamedSamples.open(path, arch.input(), arch.classes(), data.normalisation()));
        java.util.List<String> problems = FullVerifier.verify(report, outDir, original, data, streamed,
                step -> {
                    out.println("full mode: " + step);
                    out.flush();
                });
        junit(file, report, offline, problems);
        problems.forEach(p -> out.println("FAILED " + oneLine(p)));
        if (!problems.isEmpty()) {
            out.println("FAILED: " + problems.size() + " finding(s) in " + file + " against " + original);
            out.flush();
            return Winnow.EXIT_RUN_FAILED;
        }
        out.println("ok: " + file + " verifies offline and is re-derived from " + original
                + ": the same selections, selected weights, Theorem 4 measurements and accuracies");
        out.flush();
        return Winnow.EXIT_OK;
    }

    /** With --junit, the JUnit XML report of what was found (full mode's problems where it ran). */
    private void junit(Path file, PruneReport report, Verification offline, java.util.List<String> fullProblems) {
        if (junit != null) {
            JUnitReport.write(junit, JUnitReport.xml(file, report, JUnitReport.cases(report, offline.findings(),
                    fullProblems.stream().map(VerifyCommand::oneLine).toList(), original != null)));
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
