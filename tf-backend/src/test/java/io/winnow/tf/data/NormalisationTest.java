package io.winnow.tf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.UserInputException;
import org.junit.jupiter.api.Test;

class NormalisationTest {

    @Test
    void eachValueIsShiftedAndScaledByItsChannelsMeanAndStd() {
        float[] x = {0.5f, 0.5f, 0.5f, 1f, 0f, 0.25f};
        new Normalisation(List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 2.0)).applyTo(x, 3);
        assertThat(x).containsExactly(0f, 1f, 0.25f, 1f, -1f, 0.125f);
    }

    @Test
    void oneValueAppliesToEveryChannel() {
        float[] x = {0.25f, 0.75f};
        new Normalisation(List.of(0.25), List.of(0.5)).applyTo(x, 2);
        assertThat(x).containsExactly(0f, 1f);
    }

    @Test
    void theDefaultLeavesTheValuesBitForBit() {
        float[] x = {0.1f, 1f / 255, 0.7f};
        Normalisation.NONE.applyTo(x, 1);
        assertThat(x).containsExactly(0.1f, 1f / 255, 0.7f);
        assertThat(Normalisation.NONE.isNone()).isTrue();
    }

    @Test
    void listsThatDoNotFitTheModelsChannelsAreRefused() {
        Normalisation two = new Normalisation(List.of(0.1, 0.2), List.of(1.0));
        assertThatThrownBy(() -> two.checkFor(Shape.image(28, 28, 3))).isInstanceOf(UserInputException.class)
                .hasMessage("--mean has 2 values but the model's input 28x28x3 has 3 channels: give one value, "
                        + "or 3 separated by commas");
        assertThatThrownBy(() -> two.checkFor(Shape.vector(10)))
                .hasMessage("--mean has 2 values but the model's input 10 has 1 channel: give one value");
    }

    @Test
    void aStdThatIsNotPositiveOrAMeanThatIsNotFiniteIsRefused() {
        assertThatThrownBy(() -> new Normalisation(List.of(0.0), List.of(0.0)))
                .hasMessage("--std 0.0 must be a finite number > 0");
        assertThatThrownBy(() -> new Normalisation(List.of(Double.NaN), List.of(1.0)))
                .hasMessage("--mean NaN is not a finite number");
    }

    @Test
    void itPrintsItsFormula() {
        assertThat(new Normalisation(List.of(0.5), List.of(0.25, 0.5, 1.0)))
                .hasToString("x = (pixel/255 - 0.5) / (0.25, 0.5, 1.0)");
    }
}
