package io.winnow.dsl.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.winnow.dsl.Budget;
import io.winnow.dsl.FinetuneOption;
import io.winnow.dsl.Method;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Recipes;
import io.winnow.dsl.Step;
import io.winnow.dsl.StepRule;
import io.winnow.dsl.Target;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The words the values print are the words the parser reads, did-you-mean suggests and the Java
 * API offers. A new step, budget or option that is missing from one of them fails here.
 */
class VocabularyTest {

    /** One step of every word, with every budget and option inside one of them. */
    private static final List<Step> EXAMPLES = List.of(Method.values()).<Step>map(Step.Stage::new)
            .appendAll(List.of(StepRule.values()).map(Step.Rule::new))
            .appendAll(List.of(new Budget.Count(64), new Budget.Ratio(0.5), new Budget.Flops(0.25),
                    new Budget.Tolerance(1e-5), new Budget.AccuracyDrop(0)).map(Step.Select::new))
            .appendAll(List.of(
                    new Step.Layers(List.of("conv*", "a\"b\\c")),
                    new Step.ExceptLayers(List.of("fc?")),
                    new Step.Imitate(Target.ORIGINAL_ACTIVATIONS),
                    new Step.Imitate(Target.SAME_INPUT),
                    new Step.Align(new io.winnow.dsl.Alignment(8)),
                    new Step.CorrectBias(),
                    new Step.CorrectScale(false),
                    new Step.FinetuneEachLayer(0.5, List.of(new FinetuneOption.LearningRate(1e-3),
                            new FinetuneOption.Distill(4), new FinetuneOption.BatchSize(32), new FinetuneOption.Clip(1))),
                    new Step.Calibration(256),
                    new Step.Finetune(3, List.of(new FinetuneOption.BatchSize(128))),
                    new Step.Verify(),
                    new Step.Seed(-3_000_000_000L)));

    private static final List<Budget> BUDGETS = EXAMPLES.filter(Step.Select.class::isInstance)
            .map(s -> ((Step.Select) s).budget());

    private static final List<FinetuneOption> OPTIONS = EXAMPLES.filter(Step.FinetuneEachLayer.class::isInstance)
            .flatMap(s -> ((Step.FinetuneEachLayer) s).options());

    @Test
    void everyStepRecordHasAnExample() {
        assertThat(EXAMPLES.map(Object::getClass).toSet()).isEqualTo(records(Step.class));
    }

    @Test
    void everyBudgetAndOptionKindHasAnExampleOfItsOwnRecord() {
        assertThat(BUDGETS.map(Budget::kind)).containsExactly(Budget.Kind.values());
        assertThat(BUDGETS.map(Object::getClass).toSet()).isEqualTo(records(Budget.class));
        assertThat(OPTIONS.map(FinetuneOption::kind)).containsExactly(FinetuneOption.Kind.values());
        assertThat(OPTIONS.map(Object::getClass).toSet()).isEqualTo(records(FinetuneOption.class));
    }

    @Test
    void theStepWordsTheParserKnowsAreTheWordsTheStepsPrint() {
        assertThat(Words.STEPS.toSet()).isEqualTo(EXAMPLES.map(Step::word).toSet());
        assertThat(Words.STEPS).doesNotHaveDuplicates();
    }

    @Test
    void theBudgetOptionAndTargetWordsTheParserKnowsAreTheWordsTheValuesPrint() {
        assertThat(Words.BUDGETS).containsExactlyElementsOf(BUDGETS.map(Budget::word));
        assertThat(Words.OPTIONS).containsExactlyElementsOf(OPTIONS.map(FinetuneOption::word));
        assertThat(Words.TARGETS).containsExactlyElementsOf(List.of(Target.values()).map(Target::word));
    }

    @Test
    void theWordsAreSpelledAsRecipeFilesWriteThem() {
        assertThat(Words.STEPS).containsExactly("localImitation", "globalImitation", "bestOfLocalAndGlobal", "magnitude",
                "taylor", "random", "optimizeGamma", "fixedGamma", "select", "layers", "exceptLayers", "target", "align",
                "correctBias", "correctScale", "finetuneEachLayer", "calibration", "finetune", "verify", "seed");
        assertThat(Words.BUDGETS).containsExactly("count", "ratio", "flops", "tolerance", "accuracyDrop");
        assertThat(Words.OPTIONS).containsExactly("lr", "distill", "batchSize", "clip");
        assertThat(Words.TARGETS).containsExactly("sameInput", "originalActivations");
    }

    @Test
    void noWordMeansTwoThings() {
        List<String> all = Words.STEPS.appendAll(Words.BUDGETS).appendAll(Words.OPTIONS).appendAll(Words.TARGETS)
                .appendAll(Words.METADATA);

        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void everyStepPrintsAsTextThatReadsBackToIt() {
        for (Step step : EXAMPLES) {
            TextReader.Result read = TextReader.read("winnow-recipe 1\n" + step.text(), "t.recipe");

            assertThat(read.diagnostics()).as(step.text()).isEmpty();
            assertThat(read.steps()).as(step.text()).containsExactly(step);
        }
    }

    @Test
    void aStepsTextStartsWithItsWord() {
        for (Step step : EXAMPLES) {
            assertThat(step.text()).startsWith(step.word() + "(");
        }
    }

    @Test
    void didYouMeanSuggestsEachStepWordThePrinterWrites() {
        for (String word : EXAMPLES.map(Step::word).distinct()) {
            String typo = word + "q";
            TextReader.Result read = TextReader.read("winnow-recipe 1\n" + typo + "()", "t.recipe");

            assertThat(read.diagnostics().map(d -> d.message()))
                    .containsExactly("unknown word " + typo + ": did you mean " + word + "?");
        }
    }

    @Test
    void didYouMeanSuggestsEachBudgetAndOptionWordThePrinterWrites() {
        for (String word : BUDGETS.map(Budget::word)) {
            TextReader.Result read = TextReader.read("winnow-recipe 1\nrandom().select(" + word + "q(1))", "t.recipe");

            assertThat(read.diagnostics().map(d -> d.message()))
                    .containsExactly("unknown word " + word + "q: did you mean " + word + "?");
        }
        for (String word : OPTIONS.map(FinetuneOption::word)) {
            TextReader.Result read = TextReader.read("winnow-recipe 1\nrandom().finetune(1, " + word + "q(1))", "t.recipe");

            assertThat(read.diagnostics().map(d -> d.message()))
                    .containsExactly("unknown word " + word + "q: did you mean " + word + "?");
        }
    }

    @Test
    void anUnknownWordListsEveryStepWordInTheParsersOrder() {
        TextReader.Result read = TextReader.read("winnow-recipe 1\nfrobnicate()", "t.recipe");

        assertThat(read.diagnostics().map(d -> d.message()))
                .containsExactly("unknown word frobnicate: a step is one of " + Words.STEPS.mkString(", "));
    }

    @Test
    void everyWordIsAJavaMethodOfTheDsl() {
        Set<String> recipeMethods = publicMethods(Recipe.class);
        Set<String> factories = publicMethods(Recipes.class);

        assertThat(recipeMethods).containsAll(Words.STEPS);
        assertThat(factories).containsAll(Words.STAGES).containsAll(Words.BUDGETS).containsAll(Words.OPTIONS)
                .containsAll(Words.TARGETS);
    }

    /** The record classes a sealed interface permits, through sealed sub-interfaces. */
    private static Set<Class<?>> records(Class<?> sealed) {
        return List.of(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? records(c) : HashSet.of(c)).toSet();
    }

    private static Set<String> publicMethods(Class<?> type) {
        return HashSet.ofAll(Arrays.stream(type.getMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(java.lang.reflect.Method::getName));
    }

}
