package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BlockTest {

    @Test
    void theCnnSplitsIntoOneBlockPerWeightLayerWithWhatFollowsIt() {
        List<Block> blocks = Block.of(Architectures.cnn(4, 4, 8));
        assertThat(blocks.map(Block::layers)).containsExactly(
                List.of("conv1", "bn1", "relu1", "pool1"),
                List.of("conv2", "bn2", "relu2", "pool2", "flatten"),
                List.of("fc1", "relu3"),
                List.of("logits"));
        assertThat(blocks.map(Block::input)).containsExactly("input", "pool1", "flatten", "relu3");
    }

    @Test
    void aResidualBasicBlockIsOneBlockAndGlobalPoolingJoinsTheLastOne() {
        List<Block> blocks = Block.of(Architectures.resnetSmall(4));
        assertThat(blocks.map(Block::output)).containsExactly("stem_relu", "block1_relu", "block2_relu", "gap", "logits");
        assertThat(blocks.get(2).layers()).contains("block2_conv1", "block2_conv2", "block2_proj", "block2_add");
    }

    @Test
    void aLeadingFlattenJoinsTheFirstWeightLayersBlock() {
        List<Block> blocks = Block.of(Architectures.mlp(6, 5));
        assertThat(blocks.map(Block::layers)).containsExactly(
                List.of("flatten", "fc1", "relu1"), List.of("fc2", "relu2"), List.of("logits"));
    }

    @Test
    void anIdentityShortcutAddsOneToTheBranchBoundAndGlobalPoolingDividesBySqrtP() {
        var arch = Architectures.resnetSmall(4);
        ModelWeights w = ModelWeights.init(arch, 2);
        List<BlockLipschitz> k = BlockLipschitz.all(arch, w, SpectralNorm.DEFAULT);
        BlockLipschitz block1 = k.get(1);
        double conv1 = SpectralNorm.DEFAULT.of(BlockLipschitz.linearMap(arch.layer("block1_conv1").get(),
                arch.shapeOf("stem_relu"), w, BlockLipschitz.bnScale(w, "block1_bn1"))).bound();
        double conv2 = SpectralNorm.DEFAULT.of(BlockLipschitz.linearMap(arch.layer("block1_conv2").get(),
                arch.shapeOf("block1_relu1"), w, BlockLipschitz.bnScale(w, "block1_bn2"))).bound();
        assertThat(block1.bound()).isCloseTo(1 + conv1 * conv2, within(1e-12));
        // block3 ends with global average pooling over a 7x7 map.
        String gap = k.get(3).factors().last();
        assertThat(gap).isEqualTo("gap 1/sqrt(49)");
    }

    @Test
    void poolingBoundsFollowWindowCounts() {
        assertThat(BlockLipschitz.minWindow(8, 2, 2, io.winnow.dsl.network.Padding.VALID)).isEqualTo(2);
        assertThat(BlockLipschitz.minWindow(7, 3, 2, io.winnow.dsl.network.Padding.SAME)).isEqualTo(2);
        assertThat(BlockLipschitz.minWindow(5, 2, 2, io.winnow.dsl.network.Padding.SAME)).isEqualTo(1);
    }

    @Test
    void aDepthwiseConvBoundIsTheLargestBoundOfItsChannelsOnTheirOwn() {
        var arch = io.winnow.dsl.network.Architecture.builder("dw", new io.winnow.dsl.network.Shape.Image(6, 6, 3))
                .depthwiseConv("dw", 3).relu6("r").flatten("f").dense("logits", 2).build();
        ModelWeights w = ModelWeights.init(arch, 4);
        double bound = SpectralNorm.DEFAULT.of(BlockLipschitz.depthwiseMap(
                (io.winnow.dsl.network.Layer.DepthwiseConv2D) arch.layer("dw").get(),
                (io.winnow.dsl.network.Shape.Image) arch.input(), w)).bound();
        // The map is block-diagonal over channels: its norm is the largest single-channel norm.
        float[] kernel = w.get("dw", ModelWeights.KERNEL).values();
        double largest = 0;
        for (int c = 0; c < 3; c++) {
            float[] one = new float[9];
            for (int p = 0; p < 9; p++) {
                one[p] = kernel[p * 3 + c];
            }
            largest = Math.max(largest, SpectralNorm.DEFAULT.of(LinearMap.conv(one, 3, 1, 1, 6, 6, 1,
                    io.winnow.dsl.network.Padding.SAME, LinearMap.ones(1))).bound());
        }
        assertThat(bound).isCloseTo(largest, within(1e-6 * largest));
        assertThat(BlockLipschitz.all(arch, w, SpectralNorm.DEFAULT).head().factors().head()).startsWith("dw ");
    }
}
