package io.winnow.dsl.network;

import io.vavr.collection.HashMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DepthwiseConv2D and ReLU6 in shapes, costs, channel groups and consumers (a MobileNetV2 block). */
class DepthwiseArchitectureTest {

    /** expand 1x1 - bn - relu6 - depthwise 3x3 stride 2 - bn - relu6 - project 1x1 - bn, then the classifier. */
    private final Architecture block = Architecture.builder("block", new Shape.Image(8, 8, 3))
            .conv("expand", 12, 1).batchNorm("expand_bn").relu6("expand_relu")
            .depthwiseConv("dw", 3, 2, Padding.SAME).batchNorm("dw_bn").relu6("dw_relu")
            .conv("project", 5, 1).batchNorm("project_bn")
            .globalAvgPool("gap").dense("logits", 4)
            .build();

    @Test
    void aDepthwiseConvolutionKeepsItsInputsChannelsAndStridesTheImage() {
        assertThat(block.shapeOf("dw")).isEqualTo(new Shape.Image(4, 4, 12));
        Architecture valid = Architecture.builder("v", new Shape.Image(8, 8, 3))
                .depthwiseConv("dw", 3, 1, Padding.VALID).flatten("f").dense("out", 2).build();
        assertThat(valid.shapeOf("dw")).isEqualTo(new Shape.Image(6, 6, 3));
    }

    @Test
    void aDepthwiseConvolutionCostsOneKernelPerChannel() {
        LayerCost dw = block.costs().find(c -> c.layer().equals("dw")).get();
        assertThat(dw.params()).isEqualTo(3 * 3 * 12 + 12);
        assertThat(dw.flops()).isEqualTo(3L * 3 * 12 * 4 * 4);
        assertThat(block.costs().find(c -> c.layer().equals("dw_relu")).get().params()).isZero();
    }

    @Test
    void aDepthwiseConvolutionHasNoNeuronsAndCarriesItsProducersChannels() {
        assertThat(Architecture.hasNeurons(block.layer("dw").get())).isFalse();
        assertThat(block.prunableLayers()).containsExactly("expand", "project");
        assertThat(block.carriedGroup("dw").get().layers()).containsExactly("expand");
        assertThat(block.carriedGroup("dw_relu").get().layers()).containsExactly("expand");
    }

    @Test
    void consumersLookThroughDepthwiseConvolutions() {
        assertThat(block.consumers("expand")).containsExactly("project");
    }

    @Test
    void narrowingTheProducerNarrowsTheDepthwiseConvolution() {
        Architecture narrow = block.withWidths(HashMap.of("expand", 7));
        assertThat(narrow.shapeOf("dw_relu")).isEqualTo(new Shape.Image(4, 4, 7));
        assertThat(narrow.costs().find(c -> c.layer().equals("dw")).get().params()).isEqualTo(3 * 3 * 7 + 7);
    }
}
