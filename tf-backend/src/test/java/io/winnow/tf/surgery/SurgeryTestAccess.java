package io.winnow.tf.surgery;

import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.ModelWeights;

/** Lets tests in other packages draw the same random weights as {@link SurgeryTest}. */
public final class SurgeryTestAccess {

    private SurgeryTestAccess() {
    }

    public static ModelWeights randomWeights(Architecture arch, long seed) {
        return SurgeryTest.randomWeights(arch, seed);
    }
}
