package io.winnow.dsl.network;

import io.vavr.collection.List;
import io.vavr.collection.HashMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureTest {

    private final Architecture cnn = Architectures.cnn(32, 64, 256);

    @Test
    void shapesFollowConvolutionAndPoolingArithmetic() {
        assertThat(cnn.shapeOf("conv1")).isEqualTo(new Shape.Image(28, 28, 32));
        assertThat(cnn.shapeOf("pool1")).isEqualTo(new Shape.Image(14, 14, 32));
        assertThat(cnn.shapeOf("pool2")).isEqualTo(new Shape.Image(7, 7, 64));
        assertThat(cnn.shapeOf("flatten")).isEqualTo(new Shape.Vector(3136));
        assertThat(cnn.classes()).isEqualTo(10);
    }

    @Test
    void paramsAndFlopsMatchAHandCount() {
        long conv1 = 5 * 5 * 1 * 32;
        long conv2 = 5 * 5 * 32 * 64;
        long fc1 = 3136L * 256;
        long logits = 256 * 10;
        assertThat(cnn.totalParams()).isEqualTo(conv1 + 32 + 4 * 32 + conv2 + 64 + 4 * 64 + fc1 + 256 + logits + 10);
        assertThat(cnn.totalFlops()).isEqualTo(conv1 * 28 * 28 + conv2 * 14 * 14 + fc1 + logits);
    }

    @Test
    void validPaddingAndStridesShrinkTheImage() {
        Architecture a = Architecture.builder("a", new Shape.Image(9, 9, 3))
                .conv("c", 4, 3, 2, Padding.VALID).flatten("f").dense("out", 2).build();
        assertThat(a.shapeOf("c")).isEqualTo(new Shape.Image(4, 4, 4));
        Architecture b = Architecture.builder("b", new Shape.Image(9, 9, 3))
                .conv("c", 4, 3, 2, Padding.SAME).flatten("f").dense("out", 2).build();
        assertThat(b.shapeOf("c")).isEqualTo(new Shape.Image(5, 5, 4));
    }

    @Test
    void aZeroPadGrowsTheImageBySidesAndCostsNothing() {
        Architecture a = Architecture.builder("a", new Shape.Image(28, 28, 3))
                .zeroPad("pad", 1, 2, 0, 3).conv("c", 4, 3, 2, Padding.VALID).flatten("f").dense("out", 2).build();
        assertThat(a.shapeOf("pad")).isEqualTo(new Shape.Image(31, 31, 3));
        assertThat(a.shapeOf("c")).isEqualTo(new Shape.Image(15, 15, 4));
        assertThat(a.totalParams()).isEqualTo(3 * 3 * 3 * 4 + 4 + 15 * 15 * 4 * 2 + 2);
        assertThat(a.totalFlops()).isEqualTo(3 * 3 * 3 * 4 * 15 * 15 + 15 * 15 * 4 * 2);
        assertThatThrownBy(() -> new Layer.ZeroPad("pad", "input", 1, -1, 0, 0))
                .hasMessageContaining("layer pad: padding must be >= 0 on every side, got top 1, bottom -1");
        assertThatThrownBy(() -> Architecture.builder("v", new Shape.Vector(8)).zeroPad("pad", 1, 1, 1, 1)
                .dense("out", 2).build()).hasMessageContaining("pad").hasMessageContaining("needs an image input");
    }

    @Test
    void residualAddsTieTheChannelsOfTheLayersTheySum() {
        Architecture resnet = Architectures.resnetSmall(16);
        assertThat(resnet.groupOf("stem").layers()).containsExactly("stem", "block1_conv2");
        assertThat(resnet.groupOf("block2_conv2").layers()).containsExactly("block2_conv2", "block2_proj");
        assertThat(resnet.groupOf("block1_conv1").isCoupled()).isFalse();
        assertThat(resnet.prunableLayers()).doesNotContain("logits").contains("stem", "block3_proj");
    }

    @Test
    void theClassifierIsNeverPrunable() {
        assertThat(cnn.prunableLayers()).containsExactly("conv1", "conv2", "fc1");
        assertThat(cnn.groupOf("logits").reason()).contains("classifier");
    }

    @Test
    void consumersLookThroughNormalisationPoolingAndFlatten() {
        assertThat(cnn.consumers("conv1")).containsExactly("conv2");
        assertThat(cnn.consumers("conv2")).containsExactly("fc1");
        // The stem's channels also reach block 2 through block 1's identity shortcut.
        assertThat(Architectures.resnetSmall(8).consumers("stem"))
                .containsExactly("block1_conv1", "block2_conv1", "block2_proj");
        assertThat(Architectures.resnetSmall(8).consumers("block1_conv2"))
                .containsExactlyInAnyOrder("block2_conv1", "block2_proj");
    }

    @Test
    void narrowingALayerNarrowsWhatReadsIt() {
        Architecture narrow = cnn.withWidths(HashMap.of("conv2", 10));
        assertThat(narrow.shapeOf("flatten")).isEqualTo(new Shape.Vector(490));
        assertThat(narrow.costs().find(c -> c.layer().equals("fc1")).get().params()).isEqualTo(490L * 256 + 256);
    }

    @Test
    void everyStructuralProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> new Architecture("bad", Architectures.MNIST, List.of(
                new Layer.Dense("fc", "input", 4),
                new Layer.ReLU("r", "nowhere"),
                new Layer.Conv2D("c", "input", 2, 3, 1, Padding.SAME))))
                .hasMessageContaining("layer fc (dense): needs a vector input")
                .hasMessageContaining("layer r reads nowhere, which is not an earlier layer")
                .hasMessageContaining("must be a dense classifier");
    }

    @Test
    void addsNeedEqualShapes() {
        assertThatThrownBy(() -> Architecture.builder("x", Architectures.MNIST)
                .conv("a", 4, 3).conv("b", 5, 3).add("sum", "a").flatten("f").dense("out", 2).build())
                .hasMessageContaining("the shapes must be equal");
    }

    @Test
    void everyBuiltInArchitectureIsFoundByName() {
        for (String name : Architectures.names()) {
            assertThat(Architectures.byName(name).isDefined()).as(name).isTrue();
            assertThat(Architectures.byName(name).get().input()).isEqualTo(Architectures.MNIST);
        }
        assertThat(Architectures.byName("nope")).isEmpty();
    }
}
