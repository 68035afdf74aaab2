package io.winnow.dsl;

import static io.winnow.dsl.RecipeTextErrorsTest.HEADER;
import static io.winnow.dsl.RecipeTextErrorsTest.errors;
import static io.winnow.dsl.RecipeTextErrorsTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Recipe text that is hostile or merely unlucky: each is refused, or accepted, with one precise message. */
class HostileRecipeTextTest {

    @Test
    void aTinyDistillationTemperatureIsRefusedWithItsRange() {
        assertThat(only(HEADER + "random().select(1).finetune(2, distill(1e-320))"))
                .isEqualTo("2:40: distill(t) needs 0.001 <= t <= 1000, got 1.0E-320");
    }

    @Test
    void aHugeLearningRateIsRefusedWithItsRange() {
        assertThat(only(HEADER + "random().select(1).finetune(2, lr(1e300))"))
                .isEqualTo("2:35: lr(x) needs 0 < x <= 10, got 1.0E300");
        assertThat(only(HEADER + "random().select(1).finetuneEachLayer(0.5, lr(0))"))
                .isEqualTo("2:46: lr(x) needs 0 < x <= 10, got 0.0");
    }

    @Test
    void aHugeOrNegativeBatchSizeIsRefusedWithItsRange() {
        assertThat(only(HEADER + "random().select(1).finetune(2, batchSize(100000))"))
                .isEqualTo("2:42: batchSize(n) needs 1 <= n <= 65536, got 100000");
        assertThat(only(HEADER + "random().select(1).finetune(2, clip(0))"))
                .isEqualTo("2:37: clip(x) needs 0 < x <= 1000000, got 0.0");
        assertThat(only(HEADER + "random().select(1).finetune(2, clip(1e7))"))
                .isEqualTo("2:37: clip(x) needs 0 < x <= 1000000, got 1.0E7");
        assertThat(only(HEADER + "random().select(1).finetune(2, distill(-2))"))
                .isEqualTo("2:40: distill(t) needs 0.001 <= t <= 1000, got -2.0");
    }

    @Test
    void anAlignmentOutOfRangeOrNotAnIntIsRefusedAtItsArgument() {
        assertThat(only(HEADER + "random().select(1).align(0)"))
                .isEqualTo("2:26: align(m) needs 1 <= m <= 1024, got 0");
        assertThat(only(HEADER + "random().select(1).align(4096)"))
                .isEqualTo("2:26: align(m) needs 1 <= m <= 1024, got 4096");
        assertThat(only(HEADER + "random().select(1).align(8.5)")).startsWith("2:26: align takes one int");
        assertThat(only(HEADER + "random().select(1).align()")).contains("align takes one int");
    }

    @Test
    void aLeadingByteOrderMarkIsAcceptedAndColumnsCountWithoutIt() {
        assertThat(errors("\uFEFF" + HEADER + "random().select(1)")).isEmpty();
        assertThat(only("\uFEFF" + HEADER + "random().select(ratio(2))")).startsWith("2:23: ratio(x)");
    }

    @Test
    void aHomoglyphInAWordIsNamedWithItsColumnAndTheWordMeant() {
        assertThat(only(HEADER + "l\u043EcalImitation().select(1)")).isEqualTo("2:1: unknown word l\u043EcalImitation: "
                + "it contains U+043E CYRILLIC SMALL LETTER O at column 2; recipe words are ASCII; did you mean localImitation?");
    }

    @Test
    void aHomoglyphInAnOptionIsReportedOnce() {
        assertThat(only(HEADER + "random().select(1).finetune(2, \u217Cr(0.1))"))
                .isEqualTo("2:32: unknown word \u217Cr: it contains U+217C SMALL ROMAN NUMERAL FIFTY at column 32; "
                        + "recipe words are ASCII; did you mean lr?");
    }

    @Test
    void aHugeWordIsEchoedShort() {
        String word = "x".repeat(5000);
        String error = only(HEADER + "random().select(1)." + word + "()");
        assertThat(error).isEqualTo("2:20: unknown word " + "x".repeat(40) + "\u2026(5000 characters): no recipe word is that long")
                .hasSizeLessThan(200);
    }

    @Test
    void aHugeStringIsEchoedShort() {
        String error = only(HEADER + "random().select(1).layers(\"" + "%".repeat(3000) + "\")");
        assertThat(error).contains("\"" + "%".repeat(39) + "\u2026(3002 characters)").hasSizeLessThan(300);
    }

    @Test
    void aBidiOverrideOutsideCommentsIsAnErrorAndPrintedEscaped() {
        assertThat(only(HEADER + "random().select(1)\u202E.seed(1)"))
                .isEqualTo("2:19: unexpected character U+202E RIGHT-TO-LEFT OVERRIDE: invisible and bidirectional "
                        + "control characters may stand only in comments");
        assertThat(only(HEADER + "random\u2066().select(1)"))
                .isEqualTo("2:1: unknown word random\\u2066: it contains U+2066 LEFT-TO-RIGHT ISOLATE at column 7; "
                        + "recipe words are ASCII; did you mean random?");
    }

    @Test
    void aBidiControlInAStringIsRefusedAtItsPosition() {
        assertThat(only(HEADER + "name \"ab\u202Ec\"\nrandom().select(1)"))
                .isEqualTo("2:9: the string holds the invisible character U+202E RIGHT-TO-LEFT OVERRIDE: "
                        + "write it as an escape (\\u202E) if it is meant");
    }

    @Test
    void aBidiControlInACommentIsAccepted() {
        assertThat(errors(HEADER + "# note \u202E reversed\nrandom().select(1)")).isEmpty();
    }

    @Test
    void noDiagnosticEverPrintsAHiddenCharacter() {
        Diagnostic d = new Diagnostic("a\u202E.recipe", 1, 1, "bad \u2067x\u0007");
        assertThat(d.toString()).isEqualTo("a\\u202E.recipe:1:1: error: bad \\u2067x\\u0007");
    }
}
