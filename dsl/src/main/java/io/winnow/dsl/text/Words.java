package io.winnow.dsl.text;

import io.vavr.collection.List;
import io.winnow.dsl.Method;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;

/** The vocabulary of recipe files, by where a word may stand. */
final class Words {

    static final List<String> STAGES = List.of(Method.values()).map(Method::word);
    static final List<String> RULES = List.of(StepRule.values()).map(StepRule::word);
    static final List<String> STEPS = STAGES.appendAll(RULES).appendAll(List.of("select", "layers", "exceptLayers",
            "target", "finetuneEachLayer", "calibration", "finetune", "verify", "seed"));
    static final List<String> BUDGETS = List.of("count", "ratio", "flops", "tolerance", "accuracyDrop");
    static final List<String> OPTIONS = List.of("lr", "distill", "batchSize");
    static final List<String> TARGETS = List.of(Target.values()).map(Target::word);
    static final List<String> METADATA = List.of("name", "description");

    private Words() {
    }
}
