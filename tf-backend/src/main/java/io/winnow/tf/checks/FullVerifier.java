package io.winnow.tf.checks;

import io.vavr.control.Option;
import io.winnow.proofs.verify.SelectedWeights;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeText;
import io.winnow.proofs.ReportSteps;
import io.winnow.proofs.deep.GroupMixing;
import io.winnow.proofs.deep.Theorem4Check;
import io.winnow.proofs.deep.Theorem4Result;
import io.winnow.report.FileDigests;
import io.winnow.report.PruneReport;
import io.winnow.tf.data.Dataset;
import io.winnow.report.ArchitectureJson;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.Evaluation;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.prune.LayerResult;
import io.winnow.tf.prune.PruneJob;
import io.winnow.tf.prune.StreamedStatistics;
import io.winnow.tf.prune.CalibrationStatistics;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * {@code winnow verify OUT --model ORIGINAL}: re-derives a report from the original model and the
 * data instead of trusting its numbers (docs/cli.md, "winnow verify"). It checks that ORIGINAL is
 * the recorded model, splits the data by the recorded seed, reruns the recorded recipe (statistics,
 * every layer's selection, finetuning) and compares every recorded selection step; rebuilds the
 * selected network from ORIGINAL with the recorded kept channels and multipliers and compares its
 * digest; recomputes Theorem 4 on the calibration split; and evaluates ORIGINAL and OUT's model on
 * the test split against the recorded accuracies. Offline verification must have passed first:
 * this class assumes the report is internally consistent and looks for numbers that are
 * consistent but false.
 */
public final class FullVerifier {

    /**
     * Relative tolerance on a replayed selection's losses, gamma, r_k and D_k: the replay runs the
     * same float32 statistics and double-precision selection, so on the same kind of CPU it is
     * exact; the tolerance allows another CPU's float32 rounding.
     */
    public static final double SELECTION_RELATIVE = 1e-4;
    /** Relative tolerance on Theorem 4's per-sample ||F^(x) - F(x)|| and bound, and on a split's mean loss. */
    public static final double NETWORK_RELATIVE = 1e-3;

    private FullVerifier() {
    }

    /** Every mismatch, each "$.path: recorded X, recomputed Y"; empty when the report is re-derived. */
    public static java.util.List<String> verify(PruneReport report, Path out, Path original, Dataset data,
                                                Consumer<String> progress) {
        return verify(report, out, original, data, Option.none(), progress);
    }

    /**
     * As above, for a run that streamed its statistics from {@code calibrationData}
     * ({@code --calibration-data}): the rerun draws its calibration split from it and streams it again.
     */
    public static java.util.List<String> verify(PruneReport report, Path out, Path original, Dataset data,
                                                Option<StreamedSamples> calibrationData, Consumer<String> progress) {
        java.util.List<String> problems = new ArrayList<>();
        SortedMap<String, String> files = FileDigests.of(original, name -> true);
        if (!files.equals(report.model().files())) {
            problems.add("$.model.files: " + ORIGINAL_DIFFERS + differingFile(report.model().files(), files));
            return problems;
        }
        report.model().bytes().ifPresent(recorded -> {
            long actual = FileDigests.bytes(original, name -> true);
            if (recorded != actual) {
                problems.add("$.model.bytes: recorded " + recorded + ", the files of " + original + " total " + actual);
            }
        });
        Architecture arch = ModelStore.readArchitecture(original);
        if (!ArchitectureJson.write(arch).equals(ArchitectureJson.write(
                ArchitectureJson.read(report.model().architecture(), "$.model.architecture")))) {
            problems.add("$.model.architecture: differs from " + original + "'s assets/architecture.json");
            return problems;
        }
        Either<List<io.winnow.dsl.Problem>, Plan> compiled = RecipeText.parse(report.recipe().text(), "$.recipe.text")
                .mapLeft(d -> List.<io.winnow.dsl.Problem>empty())
                .flatMap(doc -> doc.recipe().compile(arch));
        if (compiled.isLeft()) {
            problems.add("$.recipe.text: does not compile against the original architecture");
            return problems;
        }
        ModelWeights weights = ModelStore.readWeights(original, arch);

        var streamed = report.data().calibrationData();
        if (streamed.isPresent() != calibrationData.isDefined()) {
            problems.add(streamed.map(d -> "$.data.calibrationData: the run streamed its statistics from " + d.source()
                    + " (" + d.samples() + " samples); give that data with --calibration-data").orElse(
                    "$.data.calibrationData: the run computed its statistics on a calibration split of the training "
                            + "data; --calibration-data does not belong to it"));
            return problems;
        }
        if (streamed.isPresent() && streamed.get().samples() != calibrationData.get().size()) {
            problems.add("$.data.calibrationData.samples: recorded " + streamed.get().samples() + ", "
                    + calibrationData.get().describe() + " holds " + calibrationData.get().size()
                    + ": it is not the calibration data the run streamed");
            return problems;
        }
        progress.accept("rerunning the recipe with seed " + report.seed()
                + calibrationData.map(d -> ", streaming " + d.describe()).getOrElse(""));
        Dataset given = calibrationData.isEmpty() ? data
                : data.withCalibration(calibrationData.get().sample(compiled.get().recipe().calibrationSamples(),
                report.seed()));
        Option<CalibrationStatistics> statistics = calibrationData.map(StreamedStatistics::new);
        PruneJob.Outcome rerun;
        try {
            rerun = PruneJob.run(compiled.get(), weights, given, report.seed(), statistics);
        } finally {
            statistics.forEach(CalibrationStatistics::close);
        }
        compareData(report.data(), rerun.data(), problems);
        compareLayers(report.layers(), rerun.pruned().layers(), problems);
        compareEvaluation("$.accuracy.original", report.accuracy().original(), rerun.original(), problems);
        compareEvaluation("$.accuracy.afterSelection", report.accuracy().afterSelection(), rerun.afterSelection(),
                problems);
        java.util.List<GroupMixing> mixing = mixing(report);

        progress.accept("rebuilding the selected network from " + original);
        String digest = SelectedWeights.digest(arch, weights, mixing);
        if (!digest.equals(report.digests().selectedWeights())) {
            problems.add("$.digests.selectedWeights: recorded " + report.digests().selectedWeights()
                    + ", the original with the recorded kept channels and multipliers gives " + digest);
        }

        progress.accept("recomputing Theorem 4 on " + rerun.data().calibration().get().size() + " calibration samples");
        Theorem4Result deep = Theorem4Check.run(ModelNetworks.INSTANCE, arch, weights, List.ofAll(mixing),
                rerun.data().calibration().get());
        compareTheorem4(report.theorem4(), deep, problems);

        progress.accept("evaluating " + out + " on the test split");
        try (Model pruned = ModelStore.load(out)) {
            Evaluation now = pruned.evaluate(rerun.data().test());
            PruneReport.Evaluation recorded = report.accuracy().afterFinetune().orElse(report.accuracy().afterSelection());
            compareEvaluation(report.accuracy().afterFinetune().isPresent() ? "$.accuracy.afterFinetune"
                    : "$.accuracy.afterSelection", recorded, now, problems);
        }
        return problems;
    }

    static final String ORIGINAL_DIFFERS = "the model given is not the recorded original: ";

    private static String differingFile(Map<String, String> recorded, Map<String, String> found) {
        for (var e : recorded.entrySet()) {
            String now = found.get(e.getKey());
            if (now == null) {
                return e.getKey() + " is missing";
            }
            if (!now.equals(e.getValue())) {
                return e.getKey() + " has SHA-256 " + now + ", recorded " + e.getValue();
            }
        }
        return found.keySet().stream().filter(k -> !recorded.containsKey(k)).findFirst()
                .map(k -> k + " is not recorded").orElse("");
    }

    /** The recorded mixing of every group, in plan order. */
    static java.util.List<GroupMixing> mixing(PruneReport report) {
        return report.layers().stream().map(l -> new GroupMixing(List.ofAll(l.layers()),
                l.kept().stream().mapToInt(Integer::intValue).toArray(),
                l.multipliers().stream().mapToDouble(Double::doubleValue).toArray(),
                List.ofAll(l.biasShifts().orElse(java.util.List.of())).map(s -> new io.winnow.engine.model.BiasShift(s.layer(),
                        s.channels().stream().mapToInt(Integer::intValue).toArray(),
                        s.values().stream().mapToDouble(Double::doubleValue).toArray(),
                        s.scales().orElse(java.util.List.of()).stream().mapToDouble(Double::doubleValue).toArray())))).toList();
    }

    private static void compareData(PruneReport.DataSource recorded, Dataset data, java.util.List<String> problems) {
        int calibration = data.calibration().map(c -> c.size()).getOrElse(0);
        if (recorded.train() != data.train().size() || recorded.calibration() != calibration
                || recorded.test() != data.test().size()) {
            problems.add(String.format(Locale.ROOT, "$.data: recorded %d train / %d calibration / %d test samples, "
                            + "the data given splits into %d / %d / %d: it is not the data the run used",
                    recorded.train(), recorded.calibration(), recorded.test(), data.train().size(), calibration,
                    data.test().size()));
        }
        recorded.classes().filter(names -> !names.equals(data.classNames().asJava())).ifPresent(names ->
                problems.add("$.data.classes: recorded " + names + ", the data given has " + data.classNames().asJava()
                        + ": it is not the data the run used"));
        recorded.normalisation().filter(n -> !n.mean().equals(data.normalisation().mean().asJava())
                || !n.std().equals(data.normalisation().std().asJava())).ifPresent(n ->
                problems.add("$.data.normalisation: recorded mean " + n.mean() + ", std " + n.std() + "; the data "
                        + "given was normalised with mean " + data.normalisation().mean().asJava() + ", std "
                        + data.normalisation().std().asJava()));
    }

    private static void compareLayers(java.util.List<PruneReport.Layer> recorded, List<LayerResult> rerun,
                                      java.util.List<String> problems) {
        if (recorded.size() != rerun.size()) {
            problems.add("$.layers: recorded " + recorded.size() + " pruned groups, the rerun prunes " + rerun.size());
            return;
        }
        for (int i = 0; i < recorded.size(); i++) {
            PruneReport.Layer r = recorded.get(i);
            LayerResult l = rerun.get(i);
            String at = "$.layers[" + i + "]";
            java.util.List<Integer> kept = java.util.Arrays.stream(l.mixing().kept()).boxed().toList();
            if (!r.kept().equals(kept)) {
                problems.add(at + ".kept: recorded " + r.kept() + ", the rerun keeps " + kept);
                continue;
            }
            for (int j = 0; j < kept.size(); j++) {
                close(at + ".multipliers[" + j + "]", r.multipliers().get(j), l.mixing().multipliers()[j], SELECTION_RELATIVE, 0,
                        problems);
            }
            compareShifts(at + ".biasShifts", r.biasShifts().orElse(java.util.List.of()), l.biasShifts(), problems);
            if (r.selection().isPresent() != l.selection().isDefined()) {
                problems.add(at + ".selection: recorded " + (r.selection().isPresent() ? "a" : "no")
                        + " selection record, the rerun has " + (l.selection().isDefined() ? "one" : "none"));
            } else if (l.selection().isDefined()) {
                compareSelection(at + ".selection", r.selection().get(), l.selection().get(), problems);
            }
        }
    }

    /** correctBias()'s shifts: the same layers and channels, values within NETWORK_RELATIVE (means of float outputs). */
    private static void compareShifts(String at, java.util.List<PruneReport.BiasShift> recorded,
                                      List<io.winnow.engine.model.BiasShift> rerun, java.util.List<String> problems) {
        if (recorded.size() != rerun.size()) {
            problems.add(at + ": recorded " + recorded.size() + " corrected layer(s), the rerun corrects " + rerun.size());
            return;
        }
        for (int i = 0; i < recorded.size(); i++) {
            PruneReport.BiasShift r = recorded.get(i);
            io.winnow.engine.model.BiasShift s = rerun.get(i);
            java.util.List<Integer> channels = java.util.Arrays.stream(s.channels()).boxed().toList();
            if (!r.layer().equals(s.layer()) || !r.channels().equals(channels)) {
                problems.add(at + "[" + i + "]: recorded " + r.layer() + " channels " + r.channels() + ", the rerun shifts "
                        + s.layer() + " channels " + channels);
                continue;
            }
            double scale = java.util.Arrays.stream(s.values()).map(Math::abs).max().orElse(0);
            for (int j = 0; j < s.values().length; j++) {
                close(at + "[" + i + "].values[" + j + "]", r.values().get(j), s.values()[j], NETWORK_RELATIVE,
                        1e-6 * scale, problems);
            }
            java.util.List<Double> scales = r.scales().orElse(java.util.List.of());
            if (scales.size() != s.scales().length) {
                problems.add(at + "[" + i + "].scales: recorded " + scales.size() + ", the rerun scales "
                        + s.scales().length + " channel(s)");
                continue;
            }
            for (int j = 0; j < scales.size(); j++) {
                close(at + "[" + i + "].scales[" + j + "]", scales.get(j), s.scales()[j], NETWORK_RELATIVE, 1e-6,
                        problems);
            }
        }
    }

    private static void compareSelection(String at, PruneReport.Selection r, Selection s, java.util.List<String> problems) {
        double floor = 1e-9 * Math.max(s.emptyLoss(), s.lossScale());
        close(at + ".emptyLoss", r.emptyLoss(), s.emptyLoss(), SELECTION_RELATIVE, floor, problems);
        close(at + ".initialLoss", r.initialLoss(), s.initialLoss(), SELECTION_RELATIVE, floor, problems);
        close(at + ".finalLoss", r.finalLoss(), s.loss(), SELECTION_RELATIVE, floor, problems);
        if (!r.deadDropped().equals(s.deadDropped())) {
            problems.add(at + ".deadDropped: recorded " + r.deadDropped() + ", the rerun finds " + s.deadDropped()
                    + " dead (phi_i = 0 on the calibration data)");
        }
        if (r.steps().size() != s.steps().size()) {
            problems.add(at + ".steps: recorded " + r.steps().size() + " steps, the replay takes " + s.steps().size());
            return;
        }
        for (int k = 0; k < r.steps().size(); k++) {
            PruneReport.Step a = r.steps().get(k);
            SelectionStep b = s.steps().get(k);
            Optional<PruneReport.Face> rerunFace = ReportSteps.toReport(b.face());
            String step = at + ".steps[" + k + "]";
            if (a.neuron() != b.neuron() || a.away() != b.away() || a.polish() != b.polish()
                    || !a.face().map(PruneReport.Face::neurons).equals(rerunFace.map(PruneReport.Face::neurons))) {
                problems.add(step + ": recorded " + describe(a.neuron(), a.face().isPresent()) + ", the replay takes "
                        + describe(b.neuron(), rerunFace.isPresent()));
                return;
            }
            close(step + ".gamma", a.gamma(), b.gamma(), SELECTION_RELATIVE, 1e-12, problems);
            if (a.face().isPresent() && rerunFace.isPresent()) {
                java.util.List<Double> recorded = a.face().get().weights();
                java.util.List<Double> rerun = rerunFace.get().weights();
                for (int j = 0; j < rerun.size(); j++) {
                    close(step + ".face.weights[" + j + "]", recorded.get(j), rerun.get(j), SELECTION_RELATIVE, 1e-12,
                            problems);
                }
            }
            close(step + ".lossBefore", a.lossBefore(), b.lossBefore(), SELECTION_RELATIVE, floor, problems);
            close(step + ".lossAfter", a.lossAfter(), b.lossAfter(), SELECTION_RELATIVE, floor, problems);
            measured(step + ".margin", a.margin(), b.margin(), Math.sqrt(floor), problems);
            measured(step + ".diameter", a.diameter(), b.diameter(), Math.sqrt(floor), problems);
        }
    }

    /** r_k or D_k: recorded exactly where the replay defines it (not NaN), and then close to it. */
    private static void measured(String at, Optional<Double> recorded, double recomputed, double absolute,
                                 java.util.List<String> problems) {
        if (recorded.isPresent() == Double.isNaN(recomputed)) {
            problems.add(at + ": recorded " + recorded.map(String::valueOf).orElse("nothing") + ", recomputed "
                    + (Double.isNaN(recomputed) ? "nothing (undefined)" : String.valueOf(recomputed)));
        } else if (recorded.isPresent()) {
            close(at, recorded.get(), recomputed, SELECTION_RELATIVE, absolute, problems);
        }
    }

    private static void compareTheorem4(PruneReport.Theorem4 r, Theorem4Result deep, java.util.List<String> problems) {
        if (r.lhs().size() != deep.samples()) {
            problems.add("$.theorem4.samples: recorded " + r.lhs().size() + ", recomputed " + deep.samples());
            return;
        }
        int mismatches = 0;
        for (int s = 0; s < deep.samples() && mismatches < 5; s++) {
            double floor = FLOAT_FLOOR * r.logitNorms().get(s);
            int before = problems.size();
            close("$.theorem4.lhs[" + s + "]", r.lhs().get(s), deep.lhs()[s], NETWORK_RELATIVE, floor, problems);
            close("$.theorem4.rhs[" + s + "]", r.rhs().get(s), deep.rhs()[s], NETWORK_RELATIVE, floor, problems);
            mismatches += problems.size() > before ? 1 : 0;
        }
        if (!deep.holds()) {
            problems.add("$.theorem4.holds: recomputed on the calibration split, " + deep.violations().size()
                    + " sample(s) violate the bound");
        }
    }

    /** Absolute float32 noise in a logit difference, relative to ||F(x)||. */
    private static final double FLOAT_FLOOR = 1e-5;

    private static void compareEvaluation(String at, PruneReport.Evaluation recorded, Evaluation now,
                                          java.util.List<String> problems) {
        long recordedCorrect = Math.round(recorded.accuracy() * recorded.samples());
        long correct = Math.round(now.accuracy() * now.samples());
        if (recorded.samples() != now.samples() || recordedCorrect != correct) {
            problems.add(String.format(Locale.ROOT, "%s.accuracy: recorded %.4f on %d samples, re-evaluated %.4f on %d",
                    at, recorded.accuracy(), recorded.samples(), now.accuracy(), now.samples()));
        }
        close(at + ".loss", recorded.loss(), now.loss(), NETWORK_RELATIVE, 1e-7, problems);
    }

    private static void close(String at, double recorded, double recomputed, double relative, double absolute,
                              java.util.List<String> problems) {
        if (!(Math.abs(recorded - recomputed) <= relative * Math.max(Math.abs(recorded), Math.abs(recomputed)) + absolute)) {
            problems.add(String.format(Locale.ROOT, "%s: recorded %.9g, recomputed %.9g", at, recorded, recomputed));
        }
    }


    private static String describe(int neuron, boolean face) {
        return face ? "a face step" : "a step on neuron " + neuron;
    }
}
