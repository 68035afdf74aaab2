package io.winnow.proofs.report;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.Shape;

/**
 * One network of the report's deep section (docs/theory.md section 4): trained briefly, then pruned by
 * local imitation at several fractions of every prunable layer's width, with Theorem 4 checked on
 * the calibration samples at each.
 *
 * @param name        how the report names it
 * @param arch        the architecture
 * @param dataName    what the data is, for the report
 * @param data        which data; the runner draws it from the report's seed and carves the calibration
 *                    split from its training part
 * @param epochs      training epochs
 * @param calibration calibration samples: selection and the Theorem 4 check both run on them
 * @param ratios      fractions of every prunable layer's width kept, the width curve's x axis
 * @param mainRatio   the one of {@code ratios} whose per-sample tightness is drawn as a histogram
 */
public record DeepCase(String name, Architecture arch, String dataName, Data data, int epochs,
        int calibration, double[] ratios, double mainRatio) {

    /** The data a case trains and checks on. */
    public sealed interface Data {
    }

    /**
     * Synthetic data labelled by a random teacher network with {@code hidden} units, drawn from the
     * report's seed.
     */
    public record Teacher(int hidden, int classes, int train, int test) implements Data {
    }

    /** The Fashion-MNIST subset embedded in the repository. */
    public record EmbeddedFashionMnist() implements Data {
    }

    /** A conv net on 8x8 inputs, as in the tf-backend tests: seconds to train, prune and check. */
    static final Architecture TINY = Architecture.builder("tiny", new Shape.Image(8, 8, 1))
            .conv("conv1", 8, 3).batchNorm("bn1").relu("relu1").maxPool("pool1", 2)
            .conv("conv2", 8, 3).batchNorm("bn2").relu("relu2")
            .flatten("flatten").dense("fc1", 16).relu("relu3").dense("logits", 3).build();

    public DeepCase {
        ratios = ratios.clone();
        boolean found = false;
        for (double r : ratios) {
            found |= r == mainRatio;
        }
        if (!found) {
            throw new IllegalArgumentException("the main ratio " + mainRatio + " must be one of the ratios");
        }
    }

    @Override
    public double[] ratios() {
        return ratios.clone();
    }

    /** The --quick network: TINY on synthetic teacher data (TeacherData: 16 hidden units, 3 classes). */
    public static DeepCase tiny() {
        return new DeepCase("tiny", TINY, "TeacherData, 8x8x1, 3 classes, 1200 train / 300 test",
                new Teacher(16, 3, 1200, 300), 8, 200,
                new double[] {0.25, 0.5, 0.75}, 0.5);
    }

    /** The built-in cnn, one epoch on the embedded Fashion-MNIST subset. */
    public static DeepCase cnn() {
        return embedded("cnn");
    }

    /** The built-in vgg-small, one epoch on the embedded Fashion-MNIST subset. */
    public static DeepCase vggSmall() {
        return embedded("vgg-small");
    }

    /** The built-in resnet-small (residual blocks), one epoch on the embedded Fashion-MNIST subset. */
    public static DeepCase resnetSmall() {
        return embedded("resnet-small");
    }

    private static DeepCase embedded(String arch) {
        return new DeepCase(arch, Architectures.byName(arch).get(), "embedded Fashion-MNIST subset",
                new EmbeddedFashionMnist(), 1, 256, new double[] {0.125, 0.25, 0.5, 0.75}, 0.5);
    }
}
