package io.winnow.tf.prune;

import io.winnow.dsl.StageSpec;
import io.winnow.engine.select.Polish;
import io.winnow.engine.select.Stop;
import io.winnow.tf.UserInputException;

import java.util.OptionalDouble;

/** The width a {@link WidthPolicy} asks a {@link Selector} for: a count, or a tolerance on the discrepancy. */
sealed interface Width {

    /** Relative discrepancy treated as exact reproduction of a layer (float32 statistics). */
    double PRECISION_FLOOR = 1e-6;

    /** Where greedy selection stops. */
    Stop stop();

    /** The count a baseline keeps; a baseline ranks channels and has no discrepancy to hold to a tolerance. */
    int count(StageSpec stage);

    /** Keep {@code k} channels. */
    record Count(int k) implements Width {

        /**
         * G is accumulated from float32 activations, so a discrepancy below {@link #PRECISION_FLOOR} of
         * L(empty) is below what the statistics can resolve: a count budget stops there with fewer
         * neurons. Polish also runs when the greedy path stalls ({@link Polish#ON_STALL}), so a layer
         * reproduced almost exactly does not zig-zag to the step guard.
         */
        @Override
        public Stop stop() {
            Stop count = Stop.atCount(k);
            return new Stop(count.count(), OptionalDouble.of(PRECISION_FLOOR), count.maxSteps(), Polish.ON_STALL);
        }

        @Override
        public int count(StageSpec stage) {
            return k;
        }
    }

    /** Add channels until L <= epsilon L(empty). */
    record Tolerance(double epsilon) implements Width {

        @Override
        public Stop stop() {
            return Stop.atTolerance(epsilon);
        }

        @Override
        public int count(StageSpec stage) {
            throw new UserInputException("stage " + (stage.index() + 1) + " (" + stage.method().word()
                    + "): a baseline needs a count, ratio, flops or accuracyDrop budget");
        }
    }
}
