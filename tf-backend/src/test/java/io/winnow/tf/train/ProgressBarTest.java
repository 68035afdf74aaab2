package io.winnow.tf.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void aTerminalBarRedrawsOneLineInPlaceAndClearsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.of(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.update(5, 10, "step 5/10");
        bar.update(10, 10, "step 10/10");
        bar.clear();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[###############...............]  50% step 5/10")
                .contains("\r[##############################] 100% step 10/10")
                .doesNotContain("\n")
                .endsWith("\r");
    }

    @Test
    void offATerminalNothingIsDrawn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.of(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.update(1, 2, "x");
        bar.clear();
        assertThat(bytes.size()).isZero();
    }
}
