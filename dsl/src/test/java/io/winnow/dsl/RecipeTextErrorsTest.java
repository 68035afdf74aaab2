package io.winnow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Every kind of error, with the exact line:column it is reported at and what it says. */
class RecipeTextErrorsTest {

    static final String HEADER = "winnow-recipe 3\n";

    /** The diagnostics of a text as {@code LINE:COL: message}. */
    static List<String> errors(String text) {
        return RecipeText.parse(text, "t.recipe").fold(d -> d.map(x -> x.line() + ":" + x.column() + ": " + x.message()),
                doc -> List.empty());
    }

    static String only(String text) {
        List<String> errors = errors(text);
        assertThat(errors).hasSize(1);
        return errors.head();
    }

    @Test
    void aDiagnosticPrintsAsFileLineColumnAndMessage() {
        assertThat(RecipeText.parse("random().select(1)", "dir/a.recipe").getLeft().head())
                .hasToString("dir/a.recipe:1:1: error: missing header: a recipe file starts with the line winnow-recipe 3");
    }

    // ---- header and metadata ----

    @Test
    void aFileWithoutHeaderIsReportedAtItsFirstLine() {
        assertThat(only("\n# c\nrandom().select(1)")).isEqualTo("3:1: missing header: a recipe file starts with the line winnow-recipe 3");
    }

    @Test
    void anotherVersionIsUnsupported() {
        assertThat(only("winnow-recipe 4\nrandom().select(1)"))
                .isEqualTo("1:15: unsupported recipe version 4: this Winnow reads versions 1, 2 and 3 "
                        + "(write winnow-recipe 3 for a new recipe)");
        assertThat(only("winnow-recipe 0\nrandom().select(1)")).startsWith("1:15: unsupported recipe version 0:");
        assertThat(only("winnow-recipe 1.0\nrandom().select(1)")).startsWith("1:15: unsupported recipe version 1.0:");
    }

    @Test
    void aHeaderWithoutVersionSaysWhatToWrite() {
        assertThat(only("winnow-recipe\nrandom().select(1)"))
                .isEqualTo("1:1: expected the version after winnow-recipe: write winnow-recipe 3");
    }

    @Test
    void metadataBeforeTheHeaderIsReported() {
        assertThat(only("name \"a\"\n" + HEADER + "random().select(1)"))
                .isEqualTo("2:1: the header winnow-recipe 3 must be the first line, before name and description");
    }

    @Test
    void duplicateMetadataNamesTheFirstLine() {
        assertThat(only(HEADER + "name \"a\"\nname \"b\"\nrandom().select(1)"))
                .isEqualTo("3:1: duplicate name: it is already given on line 2");
    }

    @Test
    void misspelledMetadataSuggestsTheWord() {
        assertThat(only(HEADER + "nmae \"a\"\nrandom().select(1)")).isEqualTo("2:1: unknown metadata nmae: did you mean name?");
    }

    @Test
    void metadataAfterTheChainIsReported() {
        assertThat(only(HEADER + "random().select(1)\nname \"a\""))
                .isEqualTo("3:1: name \"...\" must come before the recipe chain, after the header");
    }

    // ---- words ----

    @Test
    void aMisspelledStepSuggestsTheNearestWord() {
        assertThat(only(HEADER + "localImitation().optimiseGamma().select(64)"))
                .isEqualTo("2:18: unknown word optimiseGamma: did you mean optimizeGamma?");
    }

    @Test
    void misspelledBudgetsAndOptionsSuggestTheirWords() {
        assertThat(errors(HEADER + "localImitation().select(ratoi(0.5)).finetune(3, lrr(0.1))")).containsExactly(
                "2:25: unknown word ratoi: did you mean ratio?",
                "2:49: unknown word lrr: did you mean lr?");
    }

    @Test
    void anUnknownWordFarFromAnyListsTheSteps() {
        assertThat(only(HEADER + "random().select(1).frobnicate()"))
                .startsWith("2:20: unknown word frobnicate: a step is one of localImitation, globalImitation, ");
    }

    @Test
    void aBudgetWrittenAsAStepSaysWhereItBelongs() {
        assertThat(only(HEADER + "ratio(0.5)")).isEqualTo("2:1: ratio(...) is a budget, not a step: write select(ratio(...))");
    }

    @Test
    void anOptionWrittenAsAStepSaysWhereItBelongs() {
        assertThat(only(HEADER + "random().select(1).lr(0.1)"))
                .isEqualTo("2:20: lr(...) is a finetune option, not a step: write finetune(3, lr(...))");
    }

    // ---- arguments ----

    @Test
    void aMissingArgumentIsReportedAtTheClosingParenthesis() {
        assertThat(only(HEADER + "localImitation().select()")).isEqualTo("2:25: missing argument: select takes one budget: "
                + "an int k, count(k), ratio(x), flops(x), tolerance(x) or accuracyDrop(x)");
    }

    @Test
    void anExtraArgumentIsReportedAtIt() {
        assertThat(only(HEADER + "localImitation().select(1, 2)")).startsWith("2:28: too many arguments: select takes one budget");
    }

    @Test
    void aWordWithoutArgumentsRejectsThem() {
        assertThat(only(HEADER + "localImitation(3).select(1)"))
                .isEqualTo("2:16: localImitation takes no arguments: write localImitation()");
    }

    @Test
    void aStringWhereABudgetBelongsIsReportedWithWhatWasFound() {
        assertThat(only(HEADER + "localImitation().select(\"a\")"))
                .isEqualTo("2:25: select takes one budget: an int k, count(k), ratio(x), flops(x), tolerance(x) or "
                        + "accuracyDrop(x), found the string \"a\"");
    }

    @Test
    void aFractionAsSelectSuggestsRatio() {
        assertThat(only(HEADER + "localImitation().select(0.5)")).endsWith("; for a fraction of each layer write select(ratio(0.5))")
                .startsWith("2:25: ");
    }

    @Test
    void aLongWhereAnIntBelongsIsReported() {
        assertThat(only(HEADER + "random().select(1).calibration(5L)"))
                .isEqualTo("2:32: calibration takes one int, the number of samples, e.g. calibration(1024); "
                        + "5L is a long: write it without L");
    }

    @Test
    void aDoubleSeedIsReported() {
        assertThat(only(HEADER + "random().select(1).seed(1.5)"))
                .isEqualTo("2:25: seed takes one integer, e.g. seed(42), found the number 1.5");
    }

    @Test
    void aTargetWithoutParenthesesSaysHowToWriteIt() {
        assertThat(errors(HEADER + "localImitation().select(1).target(sameInput)"))
                .containsExactly("2:44: expected '(' after sameInput: write sameInput()");
    }

    // ---- ranges, from the record constructors ----

    @Test
    void aNegativeCountIsARangeErrorAtTheMinusSign() {
        assertThat(only(HEADER + "localImitation().select(-1)")).isEqualTo("2:25: select(k) needs k >= 1, got -1");
    }

    @Test
    void aRatioAboveOneIsARangeErrorAtItsNumber() {
        assertThat(only(HEADER + "localImitation().select(ratio(1.5))")).isEqualTo("2:31: ratio(x) needs 0 < x <= 1, got 1.5");
    }

    @Test
    void zeroEpochsIsARangeError() {
        assertThat(only(HEADER + "localImitation().select(1).finetune(0)"))
                .isEqualTo("2:37: finetune(epochs) needs epochs >= 1, got 0");
    }

    @Test
    void aNonPositiveLearningRateIsARangeError() {
        assertThat(only(HEADER + "random().select(1).finetune(2, lr(-0.5))"))
                .isEqualTo("2:35: lr(x) needs 0 < x <= 10, got -0.5");
    }

    // ---- recipe checks, located at their step ----

    @Test
    void finetuneBeforeAnySelectionIsReportedAtFinetune() {
        assertThat(errors(HEADER + "finetune(3).localImitation().select(1)")).containsExactly(
                "2:1: finetune before any selection: a recipe starts with a selection stage (localImitation, "
                        + "globalImitation, bestOfLocalAndGlobal, magnitude, taylor, random)",
                "2:13: a selection stage (localImitation) after finetune(...): the final finetune comes after the last stage");
    }

    @Test
    void aBaselineWithAStepRuleIsReportedAtTheRule() {
        assertThat(only(HEADER + "magnitude().optimizeGamma().select(1)"))
                .startsWith("2:13: magnitude is a baseline and takes no step rule: remove .optimizeGamma()");
    }

    @Test
    void aStageWithoutBudgetIsReportedAtTheStage() {
        assertThat(only(HEADER + "random().select(1)\n  .localImitation().layers(\"conv*\")"))
                .startsWith("3:4: stage 2 (localImitation) has no budget: add .select(k)");
    }

    @Test
    void anEmptyChainIsReportedWhereTheChainWouldStart() {
        assertThat(only(HEADER + "# nothing\n")).startsWith("3:1: a recipe needs at least one selection stage");
    }

    @Test
    void compileProblemsAreReportedAtTheirStep() {
        RecipeDocument doc = RecipeText.parse(HEADER + "random()\n  .select(1)", "t.recipe").get();

        assertThat(doc.locate(Problem.at(1, "no layer fits")).toString()).isEqualTo("t.recipe:3:4: error: no layer fits");
    }

    // ---- syntax, with recovery ----

    @Test
    void aWordWithoutParenthesesIsASyntaxError() {
        assertThat(only(HEADER + "localImitation.select(1)"))
                .isEqualTo("2:15: expected '(' after localImitation, found '.': write localImitation(...)");
    }

    @Test
    void aMissingDotIsReportedAndReadingGoesOn() {
        assertThat(errors(HEADER + "random() select(1) seed(-1)")).containsExactly(
                "2:10: expected '.' before select",
                "2:20: expected '.' before seed");
    }

    @Test
    void everyErrorIsReportedAfterASyntaxError() {
        assertThat(errors(HEADER + "localImitation().select(1)\n  .finetune(3, lr(0.1)\n  .seed(x)\n  .verify(3)"))
                .containsExactly(
                        "4:3: expected ',' or ')' after an argument of finetune(...), found '.'",
                        "4:9: expected an argument (a number, a \"string\" or a word such as ratio(0.5)), found word x",
                        "5:11: verify takes no arguments: write verify()");
    }

    @Test
    void correctBiasTakesNothingOrFalse() {
        String usage = "correctBias takes nothing, or false to leave biases as they are: write correctBias() or "
                + "correctBias(false)";
        assertThat(errors(HEADER + "localImitation().select(1).correctBias(1)"))
                .containsExactly("2:40: " + usage + ", found the number 1");
        assertThat(errors(HEADER + "localImitation().select(1).correctBias(off)"))
                .containsExactly("2:40: expected an argument (a number, a \"string\" or a word such as ratio(0.5)), "
                        + "found word off");
        assertThat(errors(HEADER + "localImitation().select(1).correctBias(false, true)"))
                .containsExactly("2:47: too many arguments: " + usage);
        assertThat(errors(HEADER + "localImitation().select(1).correctBias(\"false\")"))
                .containsExactly("2:40: " + usage + ", found the string \"false\"");
    }

    @Test
    void correctScaleTakesNothingOrFalseAndCannotStandBesideCorrectBiasFalse() {
        String usage = "correctScale takes nothing, or false to correct the biases alone: write correctScale() or "
                + "correctScale(false)";
        assertThat(errors(HEADER + "localImitation().select(1).correctScale(2)"))
                .containsExactly("2:41: " + usage + ", found the number 2");
        assertThat(errors(HEADER + "localImitation().select(1).correctBias(false).correctScale()"))
                .containsExactly("2:47: stage 1 (localImitation) has both correctBias(false) and correctScale(): "
                        + "correctScale() corrects the biases too, so remove one of them");
        assertThat(errors(HEADER + "localImitation().select(1).correctScale().correctBias(false)")).hasSize(1);
        assertThat(errors(HEADER + "localImitation().select(1).correctScale(false).correctBias(false)")).isEmpty();
    }

    @Test
    void anUnterminatedStringIsReportedAtItsQuote() {
        assertThat(errors(HEADER + "random().select(1).layers(\"conv*)")).first()
                .isEqualTo("2:27: unterminated string: close it with \" on the same line");
    }

    @Test
    void anInvalidEscapeIsReportedAtItsBackslash() {
        assertThat(only(HEADER + "random().select(1).layers(\"a\\qb\")")).startsWith("2:29: invalid escape \\q in a string");
    }

    @Test
    void aSemicolonIsExplained() {
        assertThat(only(HEADER + "random().select(1);")).isEqualTo("2:19: unexpected character ';': a recipe is one "
                + "expression, with no ;");
    }

    @Test
    void slashCommentsAreExplained() {
        assertThat(only(HEADER + "random().select(1) // c")).isEqualTo("2:20: unexpected character '/': comments start with #");
    }

    @Test
    void aTrailingDotIsReported() {
        assertThat(only(HEADER + "random().select(1).")).isEqualTo("2:20: expected a step after '.', found the end of the file");
    }

    // ---- numbers ----

    @Test
    void anIntThatOverflowsIsReportedWithTheLongSpelling() {
        assertThat(only(HEADER + "random().select(3000000000)")).isEqualTo("2:17: integer 3000000000 does not fit an int "
                + "(-2147483648 to 2147483647): for a long seed write 3000000000L");
    }

    @Test
    void aLongThatOverflowsIsReported() {
        assertThat(only(HEADER + "random().select(1).seed(99999999999999999999L)"))
                .startsWith("2:25: integer 99999999999999999999L does not fit a long");
    }

    @Test
    void aHugeNumberOfDigitsIsReportedNotParsed() {
        assertThat(only(HEADER + "random().select(1).seed(" + "9".repeat(100_000) + ")"))
                .startsWith("2:25: integer 9999999999").contains("does not fit an int");
    }

    @Test
    void aDoubleThatOverflowsIsReported() {
        assertThat(only(HEADER + "random().select(ratio(1e400))")).isEqualTo("2:23: number 1e400 is too large for a double");
    }

    @Test
    void aDoubleThatUnderflowsIsReported() {
        assertThat(only(HEADER + "random().select(ratio(1e-400))"))
                .isEqualTo("2:23: number 1e-400 is too small for a double: it would round to 0");
    }

    @Test
    void aLeadingZeroIsRejectedBecauseJavaReadsItAsOctal() {
        assertThat(only(HEADER + "random().select(010)"))
                .isEqualTo("2:17: number 010 has a leading zero: write 10 (Java would read 010 as octal)");
    }

    @Test
    void floatLiteralsAreRejected() {
        assertThat(only(HEADER + "random().select(ratio(0.1f))")).startsWith("2:23: float literal 0.1f is not accepted");
    }

    @Test
    void hexadecimalIsRejected() {
        assertThat(only(HEADER + "random().select(0x10)")).isEqualTo("2:17: malformed number 0x10: only decimal numbers are accepted");
    }

    // ---- limits ----

    @Test
    void textOverOneMebibyteIsRejectedUnread() {
        String big = HEADER + "random().select(1)\n" + "#".repeat(1 << 20);

        assertThat(errors(big)).containsExactly("1:1: recipe text is " + (big.length()) + " bytes: the limit is 1048576 "
                + "bytes (1 MiB)");
    }

    @Test
    void nestingDeeperThan32IsRejected() {
        String deep = HEADER + "random().select(" + "ratio(".repeat(32) + "1" + ")".repeat(33);

        assertThat(errors(deep)).contains("2:" + (17 + 6 * 31) + ": nesting deeper than 32 calls");
    }

    @Test
    void nestingOf32IsNotASyntaxError() {
        String deep = HEADER + "random().select(" + "ratio(".repeat(31) + "1" + ")".repeat(32);

        assertThat(errors(deep)).noneMatch(e -> e.contains("nesting"));
    }

    @Test
    void deepParenthesesDoNotOverflowTheStack() {
        assertThat(errors(HEADER + "random().select(" + "(".repeat(200_000))).isNotEmpty();
        assertThat(errors(HEADER + "random().select(" + "ratio(".repeat(100_000))).isNotEmpty();
    }

    @Test
    void aFloodOfErrorsIsCutShort() {
        List<String> errors = errors(HEADER + "random().select(1)" + ".x()".repeat(10_000));

        assertThat(errors).hasSize(101);
        assertThat(errors.last()).endsWith("too many errors: stopped reporting after 100");
    }
}
