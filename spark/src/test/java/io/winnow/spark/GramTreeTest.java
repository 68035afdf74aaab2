package io.winnow.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.winnow.engine.select.Gram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The partitions' Gram matrices add to the same bits whatever order Spark merges them in. */
class GramTreeTest {

    @Test
    void everyMergeOrderGivesTheSameSumBitForBitAndItIsTheWholeDatasGram() {
        Random random = new Random(5);
        for (int leaves = 1; leaves <= 9; leaves++) {
            List<double[][]> phis = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (int p = 0; p < leaves; p++) {
                double[][] phi = new double[2 + random.nextInt(4)][4];
                for (double[] row : phi) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3);
                    }
                    rows.add(row);
                }
                phis.add(phi);
            }
            Gram first = null;
            for (int order = 0; order < 20; order++) {
                Gram sum = mergedInRandomOrder(phis, random);
                if (first == null) {
                    first = sum;
                }
                for (int i = 0; i < 4; i++) {
                    assertThat(sum.rowSum(i)).isEqualTo(first.rowSum(i));
                    for (int j = 0; j < 4; j++) {
                        assertThat(sum.entry(i, j)).isEqualTo(first.entry(i, j));
                    }
                }
                assertThat(sum.total()).isEqualTo(first.total());
            }
            Gram whole = Gram.ofPhi(rows.toArray(new double[0][]));
            assertThat(first.dimension()).isEqualTo(whole.dimension());
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(first.entry(i, j)).isCloseTo(whole.entry(i, j), within(1e-12 * (1 + Math.abs(whole.entry(i, j)))));
                }
            }
        }
    }

    /** Each leaf added to a tree of its own, then the trees merged pairwise in a random order, as Spark may. */
    private static Gram mergedInRandomOrder(List<double[][]> phis, Random random) {
        List<GramTree> trees = new ArrayList<>();
        for (int p = 0; p < phis.size(); p++) {
            trees.add(new GramTree(phis.size()).add(p, Gram.ofPhi(phis.get(p))));
        }
        Collections.shuffle(trees, random);
        while (trees.size() > 1) {
            GramTree a = trees.remove(random.nextInt(trees.size()));
            GramTree b = trees.remove(random.nextInt(trees.size()));
            trees.add(a.merge(b));
        }
        return trees.get(0).sum();
    }

    @Test
    void aMissingOrDuplicatePartitionIsAnErrorNotAWrongSum() {
        Gram g = Gram.ofPhi(new double[][] {{1, 2}, {3, 4}});
        GramTree tree = new GramTree(3).add(0, g).add(2, g);
        assertThat(tree.ranges()).containsExactly(java.util.Map.entry(0, 1), java.util.Map.entry(2, 3));
        assertThatThrownBy(tree::sum).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 partitions");
        assertThatThrownBy(() -> tree.add(2, g)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("added twice");
        assertThat(tree.add(1, g).ranges()).containsExactly(java.util.Map.entry(0, 3));
    }

    @Test
    void partsAreWholeBatchesCoveringEverySampleOnceAndNoMoreThanTheSlots() {
        for (int samples : new int[] {1, 127, 128, 129, 512, 1000, 1024, 5000}) {
            for (int slots : new int[] {1, 2, 3, 8, 64}) {
                List<Part> parts = Part.of(samples, 128, slots);
                assertThat(parts.size()).isLessThanOrEqualTo(slots).isLessThanOrEqualTo((samples + 127) / 128);
                int from = 0;
                for (int p = 0; p < parts.size(); p++) {
                    Part part = parts.get(p);
                    assertThat(part.index()).isEqualTo(p);
                    assertThat(part.from()).isEqualTo(from);
                    assertThat(part.from() % 128).isZero();
                    assertThat(part.to()).isGreaterThan(part.from());
                    from = part.to();
                }
                assertThat(from).isEqualTo(samples);
            }
        }
    }
}
