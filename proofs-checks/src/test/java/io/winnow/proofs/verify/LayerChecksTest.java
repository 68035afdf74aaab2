package io.winnow.proofs.verify;

import io.winnow.dsl.Budget;
import io.winnow.dsl.Method;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.proofs.Certificate;
import io.winnow.proofs.Violation;
import io.winnow.report.PruneReport;
import io.winnow.engine.select.FixedGamma;
import io.winnow.engine.select.Gram;
import io.winnow.engine.select.OptimizeGamma;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.Stop;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer checks on real step records from the selection engine (random Grams, no TensorFlow):
 * fixedGamma's and optimizeGamma's records verify as they come, including runs that kept GFS's
 * polished face; the same records edited or relabelled do not.
 */
class LayerChecksTest {

    private static Gram randomGram(SplittableRandom rng, int m, int n) {
        double[][] phi = new double[m][n];
        for (int row = 0; row < m; row++) {
            double offset = rng.nextDouble(-1, 1);
            for (int i = 0; i < n; i++) {
                phi[row][i] = offset + rng.nextDouble(-1, 1);
            }
        }
        return Gram.ofPhi(phi);
    }

    private static PlanLabels.Labels labels(StepRule rule, int n, int k) {
        return new PlanLabels.Labels(0, List.of("fc1"), n, "localImitation/" + rule.word(), Method.LOCAL_IMITATION,
                Optional.of(rule), Target.SAME_INPUT, new Budget.Count(k), Optional.of(k));
    }

    /** The report layer the writer makes of a selection. */
    private static PruneReport.Layer layer(Selection s) {
        List<PruneReport.Step> steps = s.steps().stream().map(t -> new PruneReport.Step(t.k(), t.neuron(), t.gamma(),
                t.lossBefore(), t.lossAfter(), measured(t.margin()), measured(t.diameter()), t.away(),
                t.polish(), io.winnow.proofs.ReportSteps.toReport(t.face()), t.support())).toList();
        PruneReport.Selection record = new PruneReport.Selection(s.rule().word(), s.width(), s.dimension(),
                s.start().isPresent() ? Optional.of(s.start().getAsInt()) : Optional.empty(), s.emptyLoss(),
                s.lossScale(), s.initialLoss(), s.loss(), s.stopped().name(), s.polished().name(),
                s.gfs().map(g -> new PruneReport.GfsComparison(g.pathLoss(), g.gfsLoss(), g.faceLoss(), g.taken(),
                        Arrays.stream(g.gfsKept()).boxed().toList())), steps, "sameInput", s.deadDropped());
        PruneReport.Certificate certificate;
        if (s.rule() == StepRule.OPTIMIZE_GAMMA) {
            Certificate c = Certificate.of("fc1", s, OptionalDouble.empty());
            certificate = PruneReport.Certificate.of(c.holds(), c.initialLoss(), s.loss(), c.finalBound(),
                    c.entries().stream().map(Certificate.Entry::bound).toList(),
                    c.entries().stream().map(e -> e.lemma3().name()).toList(),
                    c.violations().stream().map(Violation::toString).toList());
        } else {
            certificate = PruneReport.Certificate.notApplicable("Lemma 3 and the certificate are statements about optimizeGamma");
        }
        return new PruneReport.Layer(0, List.of("fc1"), "localImitation/" + s.rule().word(), s.width(), s.kept().length,
                Arrays.stream(s.kept()).boxed().toList(), Arrays.stream(s.multipliers()).boxed().toList(),
                Optional.of(record), "local", Optional.empty(), Optional.empty(), certificate);
    }

    private static List<Finding> check(PruneReport.Layer layer, PlanLabels.Labels labels) {
        PruneReport report = new PruneReport(PruneReport.FORMAT, null, 0, null, null, null, List.of(layer), null, null,
                null, null, Optional.empty());
        Findings findings = new Findings();
        LayerChecks.check(report, Optional.of(List.of(labels)), findings);
        return findings.all();
    }

    @Test
    void fixedGammaRecordsVerifyAndAnEditedGammaDoesNot() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int t = 0; t < 40; t++) {
            int n = 3 + rng.nextInt(12);
            int k = 1 + rng.nextInt(n);
            Selection s = FixedGamma.select(randomGram(rng, 2 + rng.nextInt(8), n), Stop.atCount(k));
            PruneReport.Layer good = layer(s);
            assertThat(check(good, labels(StepRule.FIXED_GAMMA, n, k))).as("trial %d", t).isEmpty();
            if (s.steps().size() > 1) {
                PruneReport.Step first = good.selection().get().steps().get(1);
                PruneReport.Step edited = new PruneReport.Step(first.k(), first.neuron(), 0.4, first.lossBefore(),
                        first.lossAfter(), first.margin(), first.diameter(), false, false, Optional.empty(), first.support());
                List<PruneReport.Step> steps = new java.util.ArrayList<>(good.selection().get().steps());
                steps.set(1, edited);
                PruneReport.Selection sel = good.selection().get();
                PruneReport.Layer bad = new PruneReport.Layer(0, good.layers(), good.stage(), n, good.widthAfter(),
                        good.kept(), good.multipliers(), Optional.of(new PruneReport.Selection(sel.rule(), sel.width(),
                        sel.dimension(), sel.start(), sel.emptyLoss(), sel.lossScale(), sel.initialLoss(), sel.finalLoss(),
                        sel.stopped(), sel.polished(), sel.gfsComparison(), steps, sel.target(), sel.deadDropped())), "local",
                        Optional.empty(), Optional.empty(), good.certificate());
                assertThat(check(bad, labels(StepRule.FIXED_GAMMA, n, k))).extracting(Finding::path)
                        .contains("$.layers[0].selection.steps[1].gamma");
            }
        }
    }

    @Test
    void anOptimizeGammaRecordUnderAFixedGammaPlanFailsOnItsOwnFeatures() {
        SplittableRandom rng = new SplittableRandom(2);
        Selection s = OptimizeGamma.select(randomGram(rng, 6, 10), Stop.atCount(4));
        List<Finding> findings = check(layer(s), labels(StepRule.FIXED_GAMMA, 10, 4));
        assertThat(findings).extracting(Finding::path).contains("$.layers[0].selection.rule",
                "$.layers[0].selection.start", "$.layers[0].selection.gfsComparison");
    }

    @Test
    void optimizeGammaRecordsVerifyIncludingThoseThatKeptGfsFace() {
        SplittableRandom rng = new SplittableRandom(3);
        int faces = 0;
        for (int t = 0; t < 600; t++) {
            int n = 4 + rng.nextInt(10);
            int k = 2 + rng.nextInt(n - 2);
            Selection s = OptimizeGamma.select(randomGram(rng, 2 + rng.nextInt(8), n), Stop.atCount(k));
            if (s.tookGfsFace()) {
                faces++;
            }
            assertThat(check(layer(s), labels(StepRule.OPTIMIZE_GAMMA, n, k))).as("trial %d", t).isEmpty();
        }
        assertThat(faces).as("runs that kept GFS's face, so that branch is exercised").isPositive();
    }

    /**
     * Dead neurons (phi_i = 0 on the data) are steps GFS may take, to shrink f; they are dropped from
     * its kept channels, but they are on the face that gets polished, whose solution can put live
     * neurons in their place. The record names that face, so more channels than GFS kept alive is no
     * finding: a relu layer at 30 % of the cnn's FLOPs kept 95 channels where GFS kept 59 alive.
     */
    @Test
    void optimizeGammaRecordsWithDeadNeuronsVerifyWhenGfsFaceKeepsMoreThanGfsKeptAlive() {
        SplittableRandom rng = new SplittableRandom(5);
        int wider = 0;
        for (int t = 0; t < 1500; t++) {
            int m = 2 + rng.nextInt(6);
            int n = 6 + rng.nextInt(10);
            int k = 2 + rng.nextInt(n - 2);
            double[][] phi = new double[m][n];
            for (int i = 0; i < n; i++) {
                boolean dead = rng.nextInt(3) == 0;
                for (int row = 0; row < m; row++) {
                    phi[row][i] = dead ? 0 : rng.nextDouble(0, 1);
                }
            }
            Gram gram = Gram.ofPhi(phi);
            Selection s = OptimizeGamma.select(gram, Stop.atCount(k));
            Selection gfs = FixedGamma.select(gram, Stop.atCount(k));
            if (s.tookGfsFace() && s.kept().length > gfs.kept().length) {
                wider++;
            }
            assertThat(check(layer(s), labels(StepRule.OPTIMIZE_GAMMA, n, k))).as("trial %d", t).isEmpty();
        }
        assertThat(wider).as("runs whose polished GFS face kept more channels than GFS kept alive").isPositive();
    }

    @Test
    void aDoubledMultiplierOnGfsFaceBreaksTheirSumN() {
        SplittableRandom rng = new SplittableRandom(3);
        Selection face = IntStream.range(0, 2000).mapToObj(t -> {
            int n = 4 + rng.nextInt(10);
            return OptimizeGamma.select(randomGram(rng, 2 + rng.nextInt(8), n), Stop.atCount(2 + rng.nextInt(n - 2)));
        }).filter(Selection::tookGfsFace).findFirst().orElseThrow();
        PruneReport.Layer good = layer(face);
        List<Double> doubled = new java.util.ArrayList<>(good.multipliers());
        doubled.set(0, doubled.get(0) * 2);
        PruneReport.Layer bad = new PruneReport.Layer(0, good.layers(), good.stage(), good.widthBefore(),
                good.widthAfter(), good.kept(), doubled, good.selection(), "local", Optional.empty(), Optional.empty(),
                good.certificate());
        assertThat(check(bad, labels(StepRule.OPTIMIZE_GAMMA, face.width(), face.kept().length)))
                .extracting(Finding::path).containsExactly("$.layers[0].multipliers");
    }


    /** As the writer records r_k and D_k: absent where not defined (NaN). */
    private static Optional<Double> measured(double value) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value);
    }
}
