package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Layer;

/**
 * One g_l of F = g_L o ... o g_1 (docs/theory.md section 4): the layers strictly after the cut point
 * {@code input} up to and including the cut point {@code output}. A cut point is a layer output
 * through which every path from the model input to the logits passes, so the block is a function of
 * its input alone and can be evaluated on any given input.
 *
 * <p>The decomposition ({@link #of}): a block ends at a cut point that a Dense or Conv2D layer reads,
 * once it holds at least one Dense/Conv2D layer; the last block ends at the classifier. So a block is
 * one weight layer with the batch norm, ReLU, pooling, flatten or global average pooling after it,
 * and a residual basic block (both convolutions, the shortcut, the add and the ReLU) is one block.
 *
 * @param index  l - 1 (0-based, in execution order)
 * @param input  the cut point it reads ({@link Architecture#INPUT} for the first)
 * @param output the cut point it produces (the classifier for the last)
 * @param layers its layers in execution order
 */
public record Block(int index, String input, String output, List<String> layers) {

    /** The blocks of {@code arch}, in execution order; the last ends at the classifier. */
    public static List<Block> of(Architecture arch) {
        List<Layer> layers = arch.layers();
        java.util.Map<String, Integer> lastRead = new java.util.HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (String in : layers.get(i).inputs()) {
                lastRead.put(in, i);
            }
        }
        java.util.Set<String> readByWeights = new java.util.HashSet<>();
        layers.filter(Architecture::hasNeurons).forEach(l -> readByWeights.add(l.input()));

        List<Block> blocks = List.empty();
        String start = Architecture.INPUT;
        List<String> current = List.empty();
        boolean hasWeights = false;
        java.util.Set<String> live = new java.util.HashSet<>();
        live.add(Architecture.INPUT);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            current = current.append(layer.name());
            hasWeights |= Architecture.hasNeurons(layer);
            live.add(layer.name());
            final int at = i;
            live.removeIf(name -> lastRead.getOrDefault(name, -1) <= at && !name.equals(layer.name()));
            boolean cut = live.size() == 1;
            boolean last = i == layers.size() - 1;
            if (last || (cut && hasWeights && readByWeights.contains(layer.name()))) {
                blocks = blocks.append(new Block(blocks.size(), start, layer.name(), current));
                start = layer.name();
                current = List.empty();
                hasWeights = false;
            }
        }
        return blocks;
    }

    /** 1-based l, as in the theorem. */
    public int number() {
        return index + 1;
    }
}
