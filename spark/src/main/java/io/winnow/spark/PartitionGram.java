package io.winnow.spark;

import io.winnow.compare.SweepInputs;
import io.winnow.dsl.Target;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.report.ArchitectureJson;
import io.winnow.tf.prune.CalibrationStatistics;
import java.util.Arrays;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * treeAggregate's seqOp for one group's statistics, on an executor: draws the run's calibration split
 * from the data every executor sees (once per executor JVM, {@link ExecutorInputs}), checks that it is
 * the split the driver drew, and adds the Gram of its partition to the tree. The network travels as its
 * architecture's JSON and its weights as a broadcast; every tensor is closed inside
 * {@link CalibrationStatistics#onePart}.
 *
 * @param fingerprint {@link #fingerprint} of the driver's calibration split
 */
record PartitionGram(SweepInputs inputs, int samples, long seed, long fingerprint, String architecture,
                     Broadcast<ModelWeights> weights, String originalArchitecture, Broadcast<ModelWeights> original,
                     String group, Target target, String label) implements Function2<GramTree, Part, GramTree> {

    private static final long serialVersionUID = 1L;

    @Override
    public GramTree call(GramTree tree, Part part) {
        ExecutorInputs.Calibration calibration = ExecutorInputs.calibration(inputs, samples, seed);
        if (calibration.fingerprint() != fingerprint) {
            throw new IllegalStateException("an executor drew a different calibration split from model "
                    + inputs.model() + " and data " + inputs.data().orElse("(default)") + " than the driver did: "
                    + "every executor must see the same model and data at the same path (docs/scale.md)");
        }
        var current = network(architecture, weights, "the pruned network");
        var unpruned = network(originalArchitecture, original, "the original network");
        return tree.add(part.index(), CalibrationStatistics.onePart(current, unpruned, group, target,
                calibration.split().slice(part.from(), part.to()), label + ", samples " + part.from() + "-" + part.to()));
    }

    /** A network as a task receives it: its architecture's JSON and a broadcast of its weights. */
    static CalibrationStatistics.Network network(String architecture, Broadcast<ModelWeights> weights, String what) {
        return new CalibrationStatistics.Network(ArchitectureJson.read(architecture, what), weights.value());
    }

    /** A hash of every value and label of a split: driver and executors must draw the same one. */
    static long fingerprint(Split split) {
        return 31L * Arrays.hashCode(split.x()) + Arrays.hashCode(split.y());
    }
}
