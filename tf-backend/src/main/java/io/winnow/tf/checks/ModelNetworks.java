package io.winnow.tf.checks;

import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.proofs.deep.Networks;
import io.winnow.tf.model.Model;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/** Theorem 4's forward passes ({@link Networks}) as TensorFlow graphs: one {@link Model} per network. */
public final class ModelNetworks implements Networks {

    /** Stateless: every {@link #open} builds its own graph and session. */
    public static final ModelNetworks INSTANCE = new ModelNetworks();

    private ModelNetworks() {
    }

    @Override
    public Network open(Architecture arch, ModelWeights weights) {
        return new Opened(Model.forInference(arch, weights));
    }

    private record Opened(Model model) implements Network {

        @Override
        public Map<String, FloatArray> activations(float[] x, int n, List<String> layers) {
            return model.activations(x, n, layers);
        }

        @Override
        public FloatArray logits(float[] x, int n) {
            return model.logits(x, n);
        }

        @Override
        public FloatArray cut(String from, String to, FloatArray input) {
            try (TFloat32 t = Model.tensor(input);
                 Result r = model.runner().feed(model.outputName(from), t).fetch(model.outputName(to)).run()) {
                return Model.array((TFloat32) r.get(0));
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
