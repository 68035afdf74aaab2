package io.winnow.spark;

import io.winnow.compare.SweepInputs;
import io.winnow.dsl.Target;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.data.StreamedSamples;
import io.winnow.tf.prune.CalibrationStatistics;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * treeAggregate's seqOp for one group's statistics over streamed calibration data
 * ({@code winnow prune --master URL --calibration-data PATH}), on an executor: it opens PATH (once per
 * executor JVM, {@link ExecutorInputs#streamed}), checks that it holds the samples the driver counted,
 * and adds the Gram of its part's range, read {@link StreamedSamples#PART} samples at a time. The
 * executor reads neither the training data nor any sample outside its range.
 *
 * @param samples how many samples the driver found in PATH
 */
record StreamedPartitionGram(SweepInputs inputs, String calibrationData, int samples, String architecture,
                             Broadcast<ModelWeights> weights, String originalArchitecture,
                             Broadcast<ModelWeights> original, String group, Target target, String label)
        implements Function2<GramTree, Part, GramTree> {

    private static final long serialVersionUID = 1L;

    @Override
    public GramTree call(GramTree tree, Part part) {
        StreamedSamples data = ExecutorInputs.streamed(inputs, calibrationData);
        if (data.size() != samples) {
            throw new IllegalStateException("an executor found " + data.size() + " samples in " + calibrationData
                    + " where the driver found " + samples + ": every executor must see the same calibration data "
                    + "at the same path (docs/scale.md)");
        }
        return tree.add(part.index(), CalibrationStatistics.streamed(
                PartitionGram.network(architecture, weights, "the pruned network"),
                PartitionGram.network(originalArchitecture, original, "the original network"), group, target, data,
                part.from(), part.to(), label));
    }
}
