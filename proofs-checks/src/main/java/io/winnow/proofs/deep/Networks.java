package io.winnow.proofs.deep;

import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;

/**
 * The forward passes Theorem 4 needs, and all that the check needs from a backend. The TensorFlow
 * backend implements it with its graphs; the check itself is plain Java over engine types, so it
 * can be tested against a double-precision reference and rerun anywhere a backend exists.
 */
@FunctionalInterface
public interface Networks {

    /** A network with these weights, ready for forward passes; closing it frees what it holds. */
    Network open(Architecture arch, ModelWeights weights);

    /** One network's forward passes. Inputs are row-major samples in the architecture's input layout. */
    interface Network extends AutoCloseable {

        /** The outputs of the named layers on the first {@code n} samples of {@code x}. */
        Map<String, FloatArray> activations(float[] x, int n, List<String> layers);

        /** The logits on the first {@code n} samples of {@code x}. */
        FloatArray logits(float[] x, int n);

        /**
         * Layer {@code to}'s output when layer {@code from}'s output (or {@link Architecture#INPUT})
         * is replaced by {@code input}: one block of the network, fed at its cut point.
         */
        FloatArray cut(String from, String to, FloatArray input);

        @Override
        void close();
    }
}
