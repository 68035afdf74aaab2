package io.winnow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void lossAndTopOneMatchADirectSoftmaxInDoublePrecision() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int trial = 0; trial < 50; trial++) {
            int samples = 1 + rng.nextInt(30);
            int classes = 2 + rng.nextInt(9);
            float[] logits = new float[samples * classes];
            int[] labels = new int[samples];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (rng.nextGaussian() * 5);
            }
            double loss = 0;
            int correct = 0;
            for (int s = 0; s < samples; s++) {
                labels[s] = rng.nextInt(classes);
                double sum = 0;
                int best = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits[s * classes + c]);
                    best = logits[s * classes + c] > logits[s * classes + best] ? c : best;
                }
                loss -= Math.log(Math.exp(logits[s * classes + labels[s]]) / sum);
                correct += best == labels[s] ? 1 : 0;
            }

            Evaluation e = Evaluation.of("test", logits, labels, classes);

            assertThat(e.samples()).isEqualTo(samples);
            assertThat(e.loss()).isCloseTo(loss / samples, within(1e-9 * (1 + loss / samples)));
            assertThat(e.accuracy()).isEqualTo((double) correct / samples);
        }
    }

    @Test
    void logitsThatDoNotFitTheLabelsAreRefused() {
        assertThatThrownBy(() -> Evaluation.of("test", new float[7], new int[2], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 6 logits, got 7");
    }
}
