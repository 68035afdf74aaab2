package io.winnow.dsl.text;

import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import io.winnow.dsl.Budget;
import io.winnow.dsl.FinetuneOption;
import io.winnow.dsl.Method;
import io.winnow.dsl.Step;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import io.winnow.dsl.Word;

/**
 * The vocabulary of recipe files, by where a word may stand. The words themselves are the constants
 * of the values' enums, each a {@link Word} ({@link Method}, {@link StepRule}, {@link Step.Kind}, {@link Budget.Kind},
 * {@link FinetuneOption.Kind}, {@link Target}), which also print them; this table only gathers them
 * for the parser, in the order diagnostics list them (and did-you-mean breaks ties by).
 */
final class Words {

    private static final Map<String, Method> METHOD = byWord(Method.values());
    private static final Map<String, StepRule> RULE = byWord(StepRule.values());
    private static final Map<String, Step.Kind> STEP = byWord(Step.Kind.values());
    private static final Map<String, Budget.Kind> BUDGET = byWord(Budget.Kind.values());
    private static final Map<String, FinetuneOption.Kind> OPTION = byWord(FinetuneOption.Kind.values());
    private static final Map<String, Target> TARGET = byWord(Target.values());

    static final List<String> STAGES = METHOD.keySet().toList();
    static final List<String> RULES = RULE.keySet().toList();
    static final List<String> STEPS = STAGES.appendAll(RULES).appendAll(STEP.keySet());
    static final List<String> BUDGETS = BUDGET.keySet().toList();
    static final List<String> OPTIONS = OPTION.keySet().toList();
    static final List<String> TARGETS = TARGET.keySet().toList();
    static final List<String> METADATA = List.of("name", "description");

    private Words() {
    }

    static Option<Method> method(String word) {
        return METHOD.get(word);
    }

    static Option<StepRule> rule(String word) {
        return RULE.get(word);
    }

    /** The kind of a step other than a stage or a step rule. */
    static Option<Step.Kind> step(String word) {
        return STEP.get(word);
    }

    static Option<Budget.Kind> budget(String word) {
        return BUDGET.get(word);
    }

    static Option<FinetuneOption.Kind> option(String word) {
        return OPTION.get(word);
    }

    static Option<Target> target(String word) {
        return TARGET.get(word);
    }

    private static <T extends Word> Map<String, T> byWord(T[] values) {
        return LinkedHashMap.ofEntries(List.of(values).map(v -> Tuple.of(v.word(), v)));
    }
}
