package io.winnow.dsl;

import io.vavr.PartialFunction;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;

/**
 * The semantic rules of a recipe, shared by the Java API and the text parser.
 * {@link #orderProblems} judges a chain as far as it goes (so a Java call can fail at once);
 * {@link #allProblems} adds what only a finished recipe can be judged on.
 */
final class RecipeRules {

    private static final String STAGE_WORDS = List.of(Method.values()).map(Method::word).mkString(", ");

    private RecipeRules() {
    }

    static <T extends Step> PartialFunction<Step, T> as(Class<T> type) {
        return new PartialFunction<>() {
            @Override
            public T apply(Step s) {
                return type.cast(s);
            }

            @Override
            public boolean isDefinedAt(Step s) {
                return type.isInstance(s);
            }
        };
    }

    static List<Problem> allProblems(List<Step> steps) {
        List<Problem> problems = orderProblems(steps);
        if (steps.isEmpty()) {
            return problems.append(Problem.whole("a recipe needs at least one selection stage (" + STAGE_WORDS + ")"));
        }
        for (StageSpec stage : StageSpec.of(steps, Recipe.CURRENT_VERSION)) { // budgets mean the same in every version
            if (stage.budget().isEmpty()) {
                problems = problems.append(Problem.at(stage.step(), "stage " + (stage.index() + 1) + " ("
                        + stage.method().word() + ") has no budget: add .select(k), .select(ratio(x)), .select(flops(x)), "
                        + ".select(tolerance(x)) or .select(accuracyDrop(x))"));
            }
        }
        return problems;
    }

    static List<Problem> orderProblems(List<Step> steps) {
        List<Problem> problems = List.empty();
        Step.Stage stage = null;
        int stageNumber = 0;
        Set<Class<?>> seenInStage = HashSet.empty();
        Set<Class<?>> seenInRecipe = HashSet.empty();
        boolean finetuned = false;
        boolean biasOff = false;
        boolean scaleOn = false;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String word = s.word();
            if (s instanceof Step.Stage st) {
                if (finetuned) {
                    problems = problems.append(Problem.at(i, "a selection stage (" + word
                            + ") after finetune(...): the final finetune comes after the last stage"));
                }
                stage = st;
                stageNumber++;
                seenInStage = HashSet.empty();
                biasOff = false;
                scaleOn = false;
                continue;
            }
            if (s instanceof Step.OfStage) {
                if (stage == null) {
                    problems = problems.append(Problem.at(i, word + "(...) must follow a selection stage ("
                            + STAGE_WORDS + ")"));
                    continue;
                }
                if (seenInStage.contains(s.getClass())) {
                    problems = problems.append(Problem.at(i, "stage " + stageNumber + " (" + stage.method().word()
                            + ") already has " + (s instanceof Step.Rule ? "a step rule" : word + "(...)")
                            + ": give it once per stage"));
                }
                seenInStage = seenInStage.add(s.getClass());
                boolean contradicts = s instanceof Step.CorrectBias b && !b.on() && scaleOn
                        || s instanceof Step.CorrectScale c && c.on() && biasOff;
                biasOff |= s instanceof Step.CorrectBias b && !b.on();
                scaleOn |= s instanceof Step.CorrectScale c && c.on();
                if (contradicts) {
                    problems = problems.append(Problem.at(i, "stage " + stageNumber + " (" + stage.method().word()
                            + ") has both correctBias(false) and correctScale(): correctScale() corrects the biases "
                            + "too, so remove one of them"));
                }
                problems = problems.appendAll(stageStepProblems(i, s, stage.method()));
            } else {
                if (seenInRecipe.contains(s.getClass())) {
                    problems = problems.append(Problem.at(i, word + "(...) is given twice: give it once per recipe"));
                }
                seenInRecipe = seenInRecipe.add(s.getClass());
                if (s instanceof Step.Finetune f) {
                    if (stage == null) {
                        problems = problems.append(Problem.at(i, "finetune before any selection: a recipe starts with "
                                + "a selection stage (" + STAGE_WORDS + ")"));
                    }
                    finetuned = true;
                    problems = problems.appendAll(optionProblems(i, "finetune", f.options()));
                } else if (stage == null && i == 0) {
                    problems = problems.append(Problem.at(i, "a recipe starts with a selection stage ("
                            + STAGE_WORDS + "), not " + word + "(...)"));
                }
            }
        }
        return problems;
    }

    private static List<Problem> stageStepProblems(int i, Step s, Method method) {
        if (s instanceof Step.Rule r && !method.isGreedy()) {
            return List.of(Problem.at(i, method.word() + " is a baseline and takes no step rule: remove ."
                    + r.rule().word() + "() (step rules apply to localImitation, globalImitation, bestOfLocalAndGlobal)"));
        }
        if (s instanceof Step.Imitate t && !(method == Method.LOCAL_IMITATION || method == Method.BEST_OF_LOCAL_AND_GLOBAL)) {
            return List.of(Problem.at(i, "target(" + t.target().word() + "()) applies to local imitation "
                    + "(localImitation, bestOfLocalAndGlobal), not to " + method.word()));
        }
        if (s instanceof Step.Layers l) {
            return patternProblems(i, "layers", l.patterns());
        }
        if (s instanceof Step.ExceptLayers l) {
            return patternProblems(i, "exceptLayers", l.patterns());
        }
        if (s instanceof Step.FinetuneEachLayer f) {
            return optionProblems(i, "finetuneEachLayer", f.options());
        }
        return List.empty();
    }

    private static List<Problem> patternProblems(int i, String word, List<String> patterns) {
        if (patterns.isEmpty()) {
            return List.of(Problem.at(i, word + "(...) needs at least one layer name or pattern, e.g. " + word + "(\"conv*\")"));
        }
        return patterns.filter(p -> !Glob.isValid(p))
                .map(p -> Problem.at(i, "layer pattern \"" + p + "\" may hold only letters, digits, _ . - / and the "
                        + "wildcards * and ?"));
    }

    private static List<Problem> optionProblems(int i, String word, List<FinetuneOption> options) {
        return options.groupBy(FinetuneOption::kind).filterValues(v -> v.size() > 1).keySet().toList()
                .map(k -> Problem.at(i, word + "(...) has " + k.word() + "(...) twice: give each option once"));
    }
}
