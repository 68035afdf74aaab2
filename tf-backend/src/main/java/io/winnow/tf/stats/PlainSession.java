package io.winnow.tf.stats;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Sessions for the statistics graphs, which are built by hand op by op: Grappler's graph rewriting is
 * switched off there. On these graphs it found nothing to gain but cost 150-250 ms on each session's first
 * run (measured on 2 cores), once per layer, as much as the whole arithmetic of a small layer.
 */
final class PlainSession {

    private static final ConfigProto CONFIG = ConfigProto.newBuilder()
            .setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
            .build();

    private PlainSession() {
    }

    static Session open(Graph graph) {
        return new Session(graph, CONFIG);
    }
}
