package io.winnow.proofs.verify;

import io.winnow.dsl.Budget;
import io.winnow.dsl.Method;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.report.PruneReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each layer of a report against the plan and against its own step record: the labels the plan
 * gives (stage, rule, imitation, target, budget, whether a selection record must exist), the rule's
 * invariants along the replayed path ({@link StepReplay}), the kept channels and multipliers
 * c_i = N a_i the replay gives (docs/theory.md section 1), the comparison with GFS's face, and the
 * certificate where one applies ({@link CertificateRecheck}).
 */
final class LayerChecks {

    /** What was re-derived, for the summary. */
    record Counts(int layers, int replayedSteps, int certificates, int certificateSteps) {
    }

    private LayerChecks() {
    }

    static Counts check(PruneReport report, Optional<List<PlanLabels.Labels>> plan, Findings findings) {
        List<PruneReport.Layer> layers = report.layers();
        if (plan.isPresent() && plan.get().size() != layers.size()) {
            findings.add("$.layers", layers.size() + " layer(s)", "the recipe's plan has " + plan.get().size()
                    + " prune step(s)");
        }
        int replayed = 0;
        int certificates = 0;
        int certificateSteps = 0;
        for (int i = 0; i < layers.size(); i++) {
            PruneReport.Layer layer = layers.get(i);
            String path = "$.layers[" + i + "]";
            int index = i;
            Optional<PlanLabels.Labels> labels = plan.filter(p -> p.size() > index).map(p -> p.get(index));
            labels.ifPresent(l -> labels(path, layer, l, findings));
            structure(path, layer, findings);
            // Which rule ran, which imitation and target: the plan's, where there is one; the record's otherwise
            // (then the plan's absence is already a finding and these checks only add detail).
            Optional<StepRule> rule = labels.isPresent() ? labels.get().rule()
                    : layer.selection().map(s -> s.rule().equals(StepRule.FIXED_GAMMA.word())
                    ? StepRule.FIXED_GAMMA : StepRule.OPTIMIZE_GAMMA);
            String imitation = labels.map(l -> expectedImitation(l, layer)).orElse(layer.imitation());
            String target = labels.map(l -> l.target().word())
                    .orElse(layer.selection().map(PruneReport.Selection::target).orElse(Target.SAME_INPUT.word()));
            boolean certifiable = rule.equals(Optional.of(StepRule.OPTIMIZE_GAMMA)) && imitation.equals("local")
                    && target.equals(Target.SAME_INPUT.word());
            if (layer.selection().isPresent() && rule.isPresent()) {
                PruneReport.Selection selection = layer.selection().get();
                replayed += selection.steps().size();
                selection(path, layer, selection, rule.get(), !certifiable, findings);
                if (certifiable) {
                    CertificateRecheck.check(path, layer, selection, findings);
                    certificates++;
                    certificateSteps += selection.steps().size();
                }
            } else if (layer.selection().isEmpty()) {
                for (int c = 0; c < layer.multipliers().size(); c++) {
                    findings.exact(path + ".multipliers[" + c + "]", layer.multipliers().get(c), 1.0,
                            "a layer without a greedy selection keeps its channels as they are, multiplier");
                }
            }
            if (!certifiable) {
                CertificateRecheck.checkAbsent(path, layer, whyNoCertificate(rule, imitation, target), findings);
            } else if (layer.selection().isEmpty()) {
                findings.add(path + ".certificate", layer.certificate().applies() ? "a certificate" : "none",
                        "but without its selection record nothing can be certified");
            }
        }
        return new Counts(layers.size(), replayed, certificates, certificateSteps);
    }

    /** The labels the plan gives this layer. */
    private static void labels(String path, PruneReport.Layer layer, PlanLabels.Labels l, Findings findings) {
        String plan = "the recipe's plan says";
        findings.expect(path + ".order", layer.order(), l.order(), plan);
        findings.expect(path + ".layers", layer.layers(), l.layers(), plan);
        findings.expect(path + ".widthBefore", layer.widthBefore(), l.width(), "the original architecture says");
        findings.expect(path + ".stage", layer.stage(), l.stage(), plan);
        findings.expect(path + ".imitation", layer.imitation(), expectedImitation(l, layer), plan);
        if (l.greedy() && layer.selection().isEmpty()) {
            findings.add(path + ".selection", "nothing", plan + " " + l.stage()
                    + ", a greedy stage, so its selection record must be there");
        } else if (!l.greedy() && layer.selection().isPresent()) {
            findings.add(path + ".selection", "a greedy run", plan + " " + l.stage() + ", a baseline without one");
        }
        layer.selection().ifPresent(s -> {
            l.rule().ifPresent(r -> findings.expect(path + ".selection.rule", s.rule(), r.word(), plan));
            findings.expect(path + ".selection.target", s.target(), l.target().word(), plan);
        });
        if (l.method() == Method.BEST_OF_LOCAL_AND_GLOBAL) {
            if (layer.bestOf().isEmpty()) {
                findings.add(path + ".bestOf", "nothing", plan + " bestOfLocalAndGlobal, which records both losses");
            }
            layer.bestOf().ifPresent(b -> findings.expect(path + ".bestOf.winner", b.winner(),
                    b.globalLoss() < b.localLoss() ? "global" : "local",
                    "the lower recorded global discrepancy (local on a tie) is"));
        } else if (layer.bestOf().isPresent()) {
            findings.add(path + ".bestOf", "a comparison", plan + " " + l.stage() + ", which compares nothing");
        }
        budget(path, layer, l, findings);
    }

    /** The budget: its kind and setting from the plan, and the width it allows. */
    private static void budget(String path, PruneReport.Layer layer, PlanLabels.Labels l, Findings findings) {
        String plan = "the recipe's plan says";
        if (l.budget() instanceof Budget.AccuracyDrop drop) {
            if (layer.budget().orElse(null) instanceof PruneReport.AccuracyDropSearch search) {
                findings.exact(path + ".budget.drop", search.drop(), drop.drop(), plan);
                if (layer.selection().isEmpty()) {
                    findings.expect(path + ".budget.chosen", search.chosen(), layer.widthAfter(), "$.widthAfter is");
                } else if (layer.widthAfter() > search.chosen()) {
                    // chosen is the count asked of the greedy rule; it may keep fewer (dead neurons dropped,
                    // the precision floor), and the replay ties widthAfter to the record.
                    findings.add(path + ".widthAfter", layer.widthAfter(), "the accuracyDrop search chose a count of "
                            + search.chosen() + ", so at most that many");
                }
            } else {
                findings.add(path + ".budget", layer.budget().map(b -> "a " + b.getClass().getSimpleName())
                        .orElse("nothing"), plan + " accuracyDrop, whose search must be recorded");
            }
        } else if (l.budget() instanceof Budget.Flops flops) {
            if (layer.budget().orElse(null) instanceof PruneReport.FlopsSearch search) {
                findings.exact(path + ".budget.fraction", search.fraction(), flops.fraction(), plan);
                if (layer.widthAfter() > search.width()) {
                    findings.add(path + ".widthAfter", layer.widthAfter(), "the FLOPs plan allows at most "
                            + search.width());
                }
            } else {
                findings.add(path + ".budget", layer.budget().map(b -> "a " + b.getClass().getSimpleName())
                        .orElse("nothing"), plan + " flops, whose plan must be recorded");
            }
        } else if (layer.budget().isPresent()) {
            findings.add(path + ".budget", "a search", plan + " " + l.budget() + ", which searches nothing");
        }
        l.plannedWidth().ifPresent(w -> {
            if (!l.greedy()) {
                findings.expect(path + ".widthAfter", layer.widthAfter(), w, "the plan's budget keeps exactly");
            } else if (layer.widthAfter() > w) {
                // A greedy run may keep fewer (the precision floor, L = 0, no decrease, a neuron dropped by
                // polish); the replay above already ties the width to the record.
                findings.add(path + ".widthAfter", layer.widthAfter(), "the plan's budget keeps at most " + w);
            }
        });
    }

    /** kept ascending, distinct, in range; one multiplier each; widthAfter = |kept|. */
    private static void structure(String path, PruneReport.Layer layer, Findings findings) {
        List<Integer> kept = layer.kept();
        findings.expect(path + ".widthAfter", layer.widthAfter(), kept.size(), "|kept| is");
        findings.expect(path + ".multipliers", layer.multipliers().size() + " multiplier(s)", kept.size()
                + " multiplier(s)", "one per kept channel is");
        for (int c = 0; c < kept.size(); c++) {
            int k = kept.get(c);
            if (k < 0 || k >= layer.widthBefore() || (c > 0 && k <= kept.get(c - 1))) {
                findings.add(path + ".kept[" + c + "]", k, "kept channels are distinct, ascending, in [0, "
                        + layer.widthBefore() + ")");
            }
        }
        if (kept.isEmpty()) {
            findings.add(path + ".kept", "[]", "a pruned layer keeps at least one channel");
        }
    }

    /** The rule's path replayed: kept, multipliers, the GFS comparison and the final loss. */
    private static void selection(String path, PruneReport.Layer layer, PruneReport.Selection s, StepRule rule,
                                  boolean chain, Findings findings) {
        String at = path + ".selection";
        findings.expect(at + ".width", s.width(), layer.widthBefore(), "$.widthBefore is");
        Optional<double[]> replayed = StepReplay.replay(at, rule, layer.widthBefore(), s, chain, findings);
        double pathEnd = s.steps().isEmpty() ? s.initialLoss() : s.steps().get(s.steps().size() - 1).lossAfter();
        boolean gfsKept = false;
        if (s.gfsComparison().isPresent()) {
            PruneReport.GfsComparison g = s.gfsComparison().get();
            if (rule != StepRule.OPTIMIZE_GAMMA) {
                findings.add(at + ".gfsComparison", "a comparison", "only optimizeGamma compares itself with GFS");
            }
            findings.exact(at + ".gfsComparison.pathLoss", g.pathLoss(), pathEnd, "L after the last step is");
            findings.expect(at + ".gfsComparison.gfsFaceKept", g.gfsFaceKept(), g.gfsFaceLoss() < g.pathLoss(),
                    "GFS's face is kept exactly when its L is below the path's, so");
            gfsKept = g.gfsFaceKept();
            findings.exact(at + ".finalLoss", s.finalLoss(), gfsKept ? g.gfsFaceLoss() : g.pathLoss(),
                    gfsKept ? "GFS's face was kept, whose L is" : "the path's end was kept, whose L is");
            if (gfsKept) {
                // Not kept == gfsKept: polishing GFS's face may drop a neuron and add another (docs/theory.md
                // section 2, "Never above GFS"), and those steps are not recorded, so only the count is bound.
                if (layer.kept().size() > g.gfsKept().size()) {
                    findings.add(path + ".kept", layer.kept().size() + " channel(s)", "GFS's face was kept, which has "
                            + g.gfsKept().size());
                }
                double sum = 0;
                for (int c = 0; c < layer.multipliers().size(); c++) {
                    double m = layer.multipliers().get(c);
                    sum += m;
                    if (!(m > 0)) {
                        findings.add(path + ".multipliers[" + c + "]", m, "a kept channel has c_i = N a_i > 0");
                    }
                }
                int n = layer.widthBefore();
                if (s.deadDropped().isEmpty()) {
                    findings.near(path + ".multipliers", sum, n, 1e-9 * n, "the multipliers c_i = N a_i sum to N =");
                } else if (sum > n * (1 + 1e-9)) {
                    findings.add(path + ".multipliers", sum, "the multipliers c_i = N a_i of the channels left after "
                            + "dropping dead ones sum to at most N = " + n);
                }
            }
        } else {
            findings.exact(at + ".finalLoss", s.finalLoss(), pathEnd, "L after the last step is");
        }
        if (replayed.isEmpty() || gfsKept) {
            return;
        }
        double[] a = replayed.get();
        for (int d = 0; d < s.deadDropped().size(); d++) {
            int i = s.deadDropped().get(d);
            if (i < 0 || i >= a.length || !(a[i] > 0) || (d > 0 && i <= s.deadDropped().get(d - 1))) {
                findings.add(at + ".deadDropped[" + d + "]", i, "a dropped dead neuron is one the replay gives "
                        + "a_i > 0, listed once, ascending");
            }
        }
        List<Integer> kept = new ArrayList<>();
        List<Double> multipliers = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] > 0 && !s.deadDropped().contains(i)) {
                kept.add(i);
                multipliers.add(a.length * a[i]); // c_i = N a_i, as Selection.multipliers() computes it
            }
        }
        String by = s.deadDropped().isEmpty() ? "the replay of the steps gives"
                : "the replay of the steps, without the dead neurons " + s.deadDropped() + ", gives";
        findings.expect(path + ".kept", layer.kept(), kept, by);
        if (layer.kept().equals(kept)) {
            findings.expect(path + ".multipliers", layer.multipliers(), multipliers, by + " c_i = N a_i =");
        }
    }

    /** local, global, or (bestOf) the winner of the recorded comparison; none for a baseline. */
    private static String expectedImitation(PlanLabels.Labels l, PruneReport.Layer layer) {
        return switch (l.method()) {
            case LOCAL_IMITATION -> "local";
            case GLOBAL_IMITATION -> "global";
            case BEST_OF_LOCAL_AND_GLOBAL -> layer.bestOf()
                    .map(b -> b.globalLoss() < b.localLoss() ? "global" : "local").orElse("local");
            default -> "none";
        };
    }

    private static String whyNoCertificate(Optional<StepRule> rule, String imitation, String target) {
        if (rule.isEmpty()) {
            return "a baseline has no greedy path to certify";
        }
        if (rule.get() != StepRule.OPTIMIZE_GAMMA) {
            return "the certificate is a statement about optimizeGamma, and the plan says " + rule.get().word();
        }
        if (!imitation.equals("local")) {
            return "the certificate is about local imitation, and this layer's is " + imitation;
        }
        return "the certificate needs the default target sameInput, and this layer's is " + target;
    }
}
