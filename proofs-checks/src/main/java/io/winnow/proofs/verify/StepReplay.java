package io.winnow.proofs.verify;

import io.winnow.dsl.StepRule;
import io.winnow.proofs.ReportSteps;
import io.winnow.proofs.Slack;
import io.winnow.report.PruneReport;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;
import java.util.List;
import java.util.Optional;

/**
 * Replays a recorded greedy run on the simplex weights a with the engine's own update
 * ({@link Selection#replay}), checking on the way every invariant of the step rule the plan says
 * ran (docs/theory.md section 2):
 * <ul>
 *   <li>fixedGamma starts at a = 0; step k adds a neuron not yet kept with gamma = 1/(n+1), n = k the
 *       neurons so far; it takes no away, face or polish step;</li>
 *   <li>optimizeGamma starts at a = e_start; a toward/away step on i has gamma in
 *       U_i = [-a_i/(1-a_i), 1] and a_i < 1, and is an away step exactly when gamma < 0; a face step
 *       (polish only) sets a to recorded weights, positive, summing to 1, on neurons kept before it;</li>
 *   <li>both: k counts 0, 1, 2, ...; {@code support} is ||a||_0 after the step; L_k of step k is
 *       L_{k+1} of step k - 1 within the loss slack (docs/theory.md, "Slack").</li>
 * </ul>
 */
final class StepReplay {

    private StepReplay() {
    }

    /** The steps as the certificate code reads them. */
    static List<SelectionStep> steps(PruneReport.Selection selection) {
        return selection.steps().stream().map(StepReplay::step).toList();
    }

    private static SelectionStep step(PruneReport.Step s) {
        return ReportSteps.toEngine(s, s.margin().orElse(Double.NaN), s.diameter().orElse(Double.NaN));
    }

    /**
     * The weights a after the last step, or empty when the record cannot be replayed (a neuron out of
     * range, a missing start); every broken invariant is a finding under {@code path}
     * ({@code $.layers[i].selection}).
     *
     * @param chain whether to check L_k = L_{k+1} of the step before here (the certificate checks it
     *              where one applies)
     */
    static Optional<double[]> replay(String path, StepRule rule, int width, PruneReport.Selection selection,
                                     boolean chain, Findings findings) {
        double[] a = new double[width];
        if (rule == StepRule.OPTIMIZE_GAMMA) {
            if (selection.start().isEmpty()) {
                findings.add(path + ".start", "nothing", "optimizeGamma starts from its best single neuron, so a "
                        + "start neuron must be recorded");
                return Optional.empty();
            }
            int start = selection.start().get();
            if (start < 0 || start >= width) {
                findings.add(path + ".start", start, "a neuron of a layer of width " + width + " lies in [0, "
                        + (width - 1) + "]");
                return Optional.empty();
            }
            a[start] = 1;
        } else if (selection.start().isPresent()) {
            findings.add(path + ".start", selection.start(), "fixedGamma starts from a = 0, with no start neuron");
        }
        double slack = Slack.loss(selection.lossScale());
        double previous = selection.initialLoss();
        List<PruneReport.Step> steps = selection.steps();
        for (int j = 0; j < steps.size(); j++) {
            PruneReport.Step s = steps.get(j);
            String at = path + ".steps[" + j + "]";
            findings.expect(at + ".k", s.k(), j, "steps are numbered from 0 without gaps, so this one is");
            boolean replayable = s.face().isPresent() ? face(at, s, width, a, findings) : inRange(at, s, width, findings);
            if (!replayable) {
                return Optional.empty();
            }
            if (chain) {
                findings.near(at + ".lossBefore", s.lossBefore(), previous, slack,
                        j == 0 ? "L_0 ($.initialLoss) is" : "L_{k+1} of the step before is");
            }
            if (rule == StepRule.FIXED_GAMMA) {
                fixedGamma(at, j, s, s.face().isPresent() ? 0 : a[s.neuron()], findings);
            } else if (s.face().isEmpty()) {
                optimizeGamma(at, s, a, findings);
            }
            Selection.replay(a, step(s));
            findings.expect(at + ".support", s.support(), support(a), "the replayed ||a||_0 after the step is");
            previous = s.lossAfter();
        }
        return Optional.of(a);
    }

    private static void fixedGamma(String at, int k, PruneReport.Step s, double ai, Findings findings) {
        // GFS: the k-th step (n = k neurons so far) has gamma = 1/(n+1), computed as the engine does.
        findings.exact(at + ".gamma", s.gamma(), 1.0 / (k + 1), "fixedGamma's step after " + k
                + " neuron(s) is 1/(n+1) =");
        if (s.away() || s.polish() || s.face().isPresent()) {
            findings.add(at, (s.away() ? "an away step" : s.polish() ? "a polish step" : "a face step"),
                    "fixedGamma takes only toward steps (away, face and polish steps are optimizeGamma's)");
        }
        if (ai != 0) {
            findings.add(at + ".neuron", s.neuron(), "fixedGamma adds a neuron not yet kept, and this one already has a_i = " + ai);
        }
    }

    private static void optimizeGamma(String at, PruneReport.Step s, double[] a, Findings findings) {
        double ai = a[s.neuron()];
        if (ai >= 1) {
            findings.add(at + ".neuron", s.neuron(), "optimizeGamma never steps on a neuron with a_i = 1 (the replay "
                    + "has a_i = " + ai + ")");
            return;
        }
        double lowest = Selection.lowestGamma(ai);
        if (!(s.gamma() >= lowest && s.gamma() <= 1)) {
            findings.add(at + ".gamma", s.gamma(), "U_i = [-a_i/(1-a_i), 1] = [" + lowest + ", 1] for the replayed a_i = "
                    + ai);
        }
        findings.expect(at + ".away", s.away(), s.gamma() < 0, "a step is an away step exactly when gamma < 0, so");
        if (s.polish() && ai <= 0) {
            findings.add(at + ".polish", true, "polish moves only kept neurons, and the replay has a_i = 0");
        }
    }

    /** Whether a toward/away step's neuron lies in the layer; a finding when not. */
    private static boolean inRange(String at, PruneReport.Step s, int width, Findings findings) {
        if (s.neuron() >= 0 && s.neuron() < width) {
            return true;
        }
        findings.add(at + ".neuron", s.neuron(), "a neuron of a layer of width " + width + " lies in [0, " + (width - 1) + "]");
        return false;
    }

    /**
     * The invariants of a face step (polish, docs/theory.md section 2): neuron -1, gamma 1, not away,
     * marked polish; its neurons ascending, in range and all kept before the step (a face of the
     * kept set); its weights positive, one per neuron, summing to 1. False when the record cannot be
     * replayed at all (then the findings say why).
     */
    private static boolean face(String at, PruneReport.Step s, int width, double[] a, Findings findings) {
        PruneReport.Face face = s.face().get();
        if (face.neurons().size() != face.weights().size() || face.neurons().isEmpty()) {
            findings.add(at + ".face", face.neurons().size() + " neuron(s), " + face.weights().size() + " weight(s)",
                    "a face step records one weight per neuron, at least one");
            return false;
        }
        findings.expect(at + ".neuron", s.neuron(), -1, "a face step moves no single neuron, so its neuron is");
        findings.exact(at + ".gamma", s.gamma(), 1, "a face step moves all the way to its weights, so gamma is");
        findings.expect(at + ".away", s.away(), false, "a face step is not an away step, so");
        findings.expect(at + ".polish", s.polish(), true, "only polish takes face steps, so");
        double sum = 0;
        for (int p = 0; p < face.neurons().size(); p++) {
            int i = face.neurons().get(p);
            double w = face.weights().get(p);
            if (i < 0 || i >= width || (p > 0 && i <= face.neurons().get(p - 1))) {
                findings.add(at + ".face.neurons[" + p + "]", i, "a face's neurons are distinct, ascending, in [0, "
                        + (width - 1) + "]");
                return false;
            }
            if (a[i] <= 0) {
                findings.add(at + ".face.neurons[" + p + "]", i, "a face step keeps to the kept neurons, and the "
                        + "replay has a_i = " + a[i]);
            }
            if (!(w > 0)) {
                findings.add(at + ".face.weights[" + p + "]", w, "a face step's weights are > 0");
            }
            sum += w;
        }
        findings.near(at + ".face.weights", sum, 1, 1e-12, "a face step's weights sum to");
        return true;
    }

    static int support(double[] a) {
        int n = 0;
        for (double w : a) {
            if (w > 0) {
                n++;
            }
        }
        return n;
    }
}
