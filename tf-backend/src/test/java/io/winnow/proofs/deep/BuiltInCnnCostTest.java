package io.winnow.proofs.deep;

import io.winnow.tf.checks.ModelNetworks;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.TeacherData;
import io.winnow.engine.model.ModelWeights;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check on the built-in cnn and 1024 samples, as every prune runs it: it must hold. Its cost is
 * logged here and printed by every {@code winnow prune}; tests assert no wall-clock time, which a
 * shared machine cannot keep.
 */
class BuiltInCnnCostTest {

    private static final Logger LOG = LoggerFactory.getLogger(BuiltInCnnCostTest.class);

    @Test
    void theBuiltInCnnOn1024SamplesWithHalfOfEveryLayerKeptSatisfiesTheorem4() {
        Architecture cnn = Architectures.cnn(32, 64, 256);
        ModelWeights w = ModelWeights.init(cnn, 7);
        Split samples = TeacherData.generate(cnn.input(), 16, 10, 1024, 1, 3).train();
        // Every other channel kept with multiplier 2 (c_i = N a_i with a uniform on half the channels).
        List<GroupMixing> mixing = cnn.groups().filter(ChannelGroup::prunable).map(g -> {
            int[] kept = new int[g.width() / 2];
            double[] c = new double[kept.length];
            for (int j = 0; j < kept.length; j++) {
                kept[j] = 2 * j;
                c[j] = 2;
            }
            return new GroupMixing(g.layers(), kept, c);
        });
        long start = System.nanoTime();
        Theorem4Result r = Theorem4Check.run(ModelNetworks.INSTANCE, cnn, w, mixing, samples);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("cnn, 1024 samples: {} s; K = {}; iterations converged {}; lhs/rhs median {} max {}",
                String.format(java.util.Locale.ROOT, "%.1f", seconds), r.constants().map(k -> k.factors().mkString(", ")),
                r.constants().map(BlockLipschitz::converged), r.tightness().median(), r.tightness().max());
        assertThat(r.violations()).isEmpty();
    }
}
