package io.winnow.tf.prune;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;
import io.winnow.report.PruneReport;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.WeightsDigest;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import io.winnow.proofs.ReportSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * report.json of a pruning run as {@link PruneReport} records, from what {@link PruneJob} did:
 * provenance, widths, params and FLOPs, every layer's selection record, accuracies, timings and
 * the digest of the selected weights before finetuning.
 *
 * <p>The report is as the run left it: the checks that come after it are not in it yet. Every
 * layer's {@code certificate} and the {@code theorem4} section are null until the proofs attach
 * them, and {@code digests.prunedModel} is empty until the pruned model's files are written; a
 * null is refused by {@link io.winnow.report.ReportCodec#write}, so a report whose checks never
 * ran cannot be written.
 */
public final class ReportBuilder {

    private ReportBuilder() {
    }

    /**
     * The report of {@code run}, which started from {@code original}, the weights of
     * {@code run.plan().architecture()}.
     */
    public static PruneReport of(PruneJob.Outcome run, ModelWeights original, PruneReport.RecipeSource recipe,
                                 PruneReport.ModelSource model) {
        var normalisation = run.data().normalisation();
        var data = new PruneReport.DataSource(run.data().source().toString(), run.data().train().size(),
                run.data().calibration().map(c -> c.size()).getOrElse(0), run.data().test().size(),
                Optional.of(run.data().classNames().asJava()), Optional.of(new PruneReport.Normalisation(
                        normalisation.mean().asJava(), normalisation.std().asJava())),
                run.streamed().map(d -> new PruneReport.CalibrationData(d.path().toString(), d.size()))
                        .toJavaOptional(), run.data().source().argument());
        var accuracy = new PruneReport.Accuracy(evaluation(run.original()), evaluation(run.afterSelection()),
                run.afterFinetune().map(ReportBuilder::evaluation).toJavaOptional());
        var selected = Pruner.selected(run.plan().architecture(), original, run.pruned().layers());
        var digests = new PruneReport.Digests(Map.of(), WeightsDigest.of(selected.architecture(), selected.weights()),
                java.util.Optional.empty());
        var t = run.timings();
        var timings = new PruneReport.Timings(t.statistics(), t.selection(), t.finetune(), t.evaluation(), t.total());
        return new PruneReport(PruneReport.FORMAT, recipe, run.seed(), data, model, size(run), layers(run), accuracy,
                null, digests, timings, Optional.empty());
    }

    private static PruneReport.Size size(PruneJob.Outcome run) {
        Architecture before = run.plan().architecture();
        Architecture after = run.pruned().architecture();
        List<PruneReport.Width> widths = new ArrayList<>();
        for (Layer layer : before.layers().filter(Architecture::hasNeurons)) {
            widths.add(new PruneReport.Width(layer.name(), Architecture.widthOf(layer),
                    Architecture.widthOf(after.layer(layer.name()).get())));
        }
        return new PruneReport.Size(before.totalParams(), after.totalParams(), before.totalFlops(), after.totalFlops(),
                (double) after.totalFlops() / before.totalFlops(), widths);
    }

    private static List<PruneReport.Layer> layers(PruneJob.Outcome run) {
        List<PruneReport.Layer> layers = new ArrayList<>();
        for (LayerResult l : run.pruned().layers()) {
            String target = run.plan().steps().get(l.order()).stage().target().word();
            layers.add(new PruneReport.Layer(l.order(), l.layers().asJava(), l.stage(), l.widthBefore(),
                    l.widthAfter(), ints(l.mixing().kept()), doubles(l.mixing().multipliers()),
                    l.selection().map(s -> selection(s, target)).toJavaOptional(), l.imitation().word(),
                    l.bestOf().map(c -> new PruneReport.BestOf(c.localLoss(), c.globalLoss(), c.winner().word()))
                            .toJavaOptional(),
                    l.budget().map(ReportBuilder::budget).toJavaOptional(), null,
                    l.biasShifts().isEmpty() ? Optional.empty() : Optional.of(l.biasShifts().map(s ->
                            new PruneReport.BiasShift(s.layer(), ints(s.channels()), doubles(s.values()),
                                    s.scaled() ? Optional.of(doubles(s.scales())) : Optional.empty())).asJava())));
        }
        return layers;
    }

    private static PruneReport.Selection selection(Selection s, String target) {
        List<PruneReport.Step> steps = new ArrayList<>();
        for (SelectionStep step : s.steps()) {
            steps.add(new PruneReport.Step(step.k(), step.neuron(), step.gamma(), step.lossBefore(), step.lossAfter(),
                    measured(step.margin()), measured(step.diameter()), step.away(), step.polish(),
                    ReportSteps.toReport(step.face()), step.support()));
        }
        var gfs = s.gfs().map(g -> new PruneReport.GfsComparison(g.pathLoss(), g.gfsLoss(), g.faceLoss(), g.taken(),
                ints(g.gfsKept())));
        return new PruneReport.Selection(s.rule().word(), s.width(), s.dimension(),
                s.start().isPresent() ? Optional.of(s.start().getAsInt()) : Optional.empty(), s.emptyLoss(),
                s.lossScale(), s.initialLoss(), s.loss(), s.stopped().name(), s.polished().name(), gfs, steps, target,
                s.deadDropped());
    }

    /** r_k or D_k; global imitation records NaN for them (GlobalImitation), the report leaves them out. */
    private static Optional<Double> measured(double value) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value);
    }

    private static PruneReport.Budget budget(BudgetSearch search) {
        if (search instanceof BudgetSearch.AccuracyDrop a) {
            return new PruneReport.AccuracyDropSearch(a.drop(), a.originalAccuracy(), a.threshold(),
                    a.candidates().map(c -> new PruneReport.Candidate(c.width(), c.accuracy())).asJava(), a.chosen());
        } else if (search instanceof BudgetSearch.Flops f) {
            return new PruneReport.FlopsSearch(f.fraction(), f.by().word(), f.setting(), f.flopsOriginal(), f.flopsPlanned(),
                    (double) f.flopsPlanned() / f.flopsOriginal(), f.width());
        }
        throw new IllegalArgumentException("unknown budget search " + search);
    }

    private static PruneReport.Evaluation evaluation(Evaluation e) {
        return new PruneReport.Evaluation(e.split(), e.samples(), e.loss(), e.accuracy());
    }

    private static List<Integer> ints(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static List<Double> doubles(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
