package io.winnow.tf.data;

import io.winnow.engine.model.Split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.dsl.network.Shape;
import org.junit.jupiter.api.Test;

class HoldoutTest {

    private static int[] labels(int... perClass) {
        int n = 0;
        for (int c : perClass) {
            n += c;
        }
        int[] labels = new int[n];
        int at = 0;
        for (int c = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++) {
                labels[at++] = c;
            }
        }
        return labels;
    }

    @Test
    void oneInSixOfEachClassRoundedDownIsHeldOut() {
        int[] y = labels(40, 13, 5);
        boolean[] test = Holdout.test(y, 3);
        int[] held = new int[3];
        for (int i = 0; i < y.length; i++) {
            held[y[i]] += test[i] ? 1 : 0;
        }
        assertThat(held).containsExactly(6, 2, 0);
    }

    @Test
    void theSameLabelsAlwaysHoldOutTheSameSamples() {
        int[] y = labels(30, 30);
        assertThat(Holdout.test(y, 2)).containsExactly(Holdout.test(y.clone(), 2));
    }

    @Test
    void theHeldOutSamplesAreNotAllAtTheStartOfAClass() {
        boolean[] test = Holdout.test(labels(60), 1);
        int firstTen = 0;
        for (int i = 0; i < 10; i++) {
            firstTen += test[i] ? 1 : 0;
        }
        assertThat(firstTen).isLessThan(10);
    }

    @Test
    void splittingKeepsEverySampleOnceInTrainOrTest() {
        int[] y = labels(12, 7);
        float[] x = new float[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Split[] parts = Holdout.split(new Split("all", Shape.vector(1), 2, x, y), "d");
        assertThat(parts[0].size() + parts[1].size()).isEqualTo(19);
        assertThat(parts[1].size()).isEqualTo(3);
        java.util.Set<Float> seen = new java.util.TreeSet<>();
        for (Split part : parts) {
            for (float v : part.x()) {
                assertThat(seen.add(v)).isTrue();
            }
        }
        assertThat(seen).hasSize(19);
    }

    @Test
    void dataTooSmallToHoldOutATestSplitIsRefusedNamingTheRule() {
        Split tiny = new Split("all", Shape.vector(1), 2, new float[5], labels(3, 2));
        assertThatThrownBy(() -> Holdout.split(tiny, "data.npz")).isInstanceOf(DataFormatException.class)
                .hasMessage("data.npz: 5 samples, too few to hold out a test split: 1 in 6 of each class held out for "
                        + "test, so some class needs at least 6 samples (or give a test split: train/ and test/ "
                        + "folders, or x_test and y_test arrays)");
    }
}
