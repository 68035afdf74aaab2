package io.winnow.dsl;

import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * One selection stage of a recipe with its settings gathered from the steps that follow it.
 *
 * @param index             0-based position among the recipe's stages
 * @param step              index of the stage's first step in {@link Recipe#steps()}
 * @param method            how it selects
 * @param rule              the step rule: given, or {@link StepRule#OPTIMIZE_GAMMA} for greedy stages, none for baselines
 * @param budget            how many neurons it keeps (none only in an incomplete recipe)
 * @param layers            the globs it is limited to; empty means every prunable layer no other stage names
 * @param exceptLayers      the globs it leaves alone
 * @param target            what local imitation imitates
 * @param alignment         the widths it may choose ({@code align(m)}; every width without it)
 * @param finetuneEachLayer the short finetune after each pruned layer, if any
 * @param correctBias       whether the consumers' biases are corrected after each pruned layer: {@code correctBias()} or
 *                          {@code correctBias(false)} where the stage says, else its version's default ({@link #correctsBiasByDefault})
 * @param correctScale      whether that correction fits a scale as well as a shift per output channel:
 *                          {@code correctScale()} (which turns the correction on; a stage cannot also say
 *                          {@code correctBias(false)}) or {@code correctScale(false)} where the stage says, else its
 *                          version's default ({@link #correctsScaleByDefault}); never while the correction is off
 */
public record StageSpec(
        int index,
        int step,
        Method method,
        Option<StepRule> rule,
        Option<Budget> budget,
        List<String> layers,
        List<String> exceptLayers,
        Target target,
        Alignment alignment,
        Option<Step.FinetuneEachLayer> finetuneEachLayer,
        boolean correctBias,
        boolean correctScale) {

    /**
     * Whether a stage of this method corrects biases when it does not say: local imitation from version 2 on
     * (measured ahead of uncorrected local imitation at 50 % FLOPs and below on every model, docs/results.md),
     * nothing else (taylor is worse with the correction, and version 1 never did).
     */
    public static boolean correctsBiasByDefault(Method method, int version) {
        return version >= 2 && method == Method.LOCAL_IMITATION;
    }

    /**
     * Whether a stage of this method corrects by a scale and a shift when it does not say: local imitation from
     * version 3 on (after a 1-epoch finetune it is ahead of the shift alone at 30 % and 15 % FLOPs on every seed of
     * resnet-small, and ahead of every baseline there; docs/results.md), nothing else.
     */
    public static boolean correctsScaleByDefault(Method method, int version) {
        return version >= 3 && correctsBiasByDefault(method, version); // never a scale without the correction
    }

    static List<StageSpec> of(List<Step> steps, int version) {
        List<StageSpec> result = List.empty();
        StageSpec current = null;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s instanceof Step.Stage stage) {
                if (current != null) {
                    result = result.append(current);
                }
                Option<StepRule> rule = stage.method().isGreedy() ? Option.some(StepRule.OPTIMIZE_GAMMA) : Option.none();
                current = new StageSpec(result.size(), i, stage.method(), rule, Option.none(),
                        List.empty(), List.empty(), Target.SAME_INPUT, Alignment.NONE, Option.none(),
                        correctsBiasByDefault(stage.method(), version), correctsScaleByDefault(stage.method(), version));
            } else if (current != null) {
                current = current.with(s);
            }
        }
        return current == null ? result : result.append(current);
    }

    private StageSpec with(Step s) {
        if (s instanceof Step.Rule r) {
            return new StageSpec(index, step, method, Option.some(r.rule()), budget, layers, exceptLayers, target, alignment, finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.Select sel) {
            return new StageSpec(index, step, method, rule, Option.some(sel.budget()), layers, exceptLayers, target, alignment, finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.Layers l) {
            return new StageSpec(index, step, method, rule, budget, l.patterns(), exceptLayers, target, alignment, finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.ExceptLayers e) {
            return new StageSpec(index, step, method, rule, budget, layers, e.patterns(), target, alignment, finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.Imitate t) {
            return new StageSpec(index, step, method, rule, budget, layers, exceptLayers, t.target(), alignment, finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.Align a) {
            return new StageSpec(index, step, method, rule, budget, layers, exceptLayers, target, a.alignment(),
                    finetuneEachLayer, correctBias, correctScale);
        } else if (s instanceof Step.CorrectBias c) {
            return new StageSpec(index, step, method, rule, budget, layers, exceptLayers, target, alignment,
                    finetuneEachLayer, c.on(), c.on() && correctScale); // correctBias(false) turns the scale off too
        } else if (s instanceof Step.CorrectScale c) {
            return new StageSpec(index, step, method, rule, budget, layers, exceptLayers, target, alignment,
                    finetuneEachLayer, c.on() || correctBias, c.on());
        } else if (s instanceof Step.FinetuneEachLayer f) {
            return new StageSpec(index, step, method, rule, budget, layers, exceptLayers, target, alignment, Option.some(f), correctBias, correctScale);
        }
        return this;
    }

    /** A short label such as {@code localImitation/optimizeGamma}. */
    public String label() {
        return method.word() + rule.map(r -> "/" + r.word()).getOrElse("");
    }
}
