package io.winnow.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Where a batch-1 call's time goes in TensorFlow Java: each SavedModel given (as {@code winnow export
 * --format savedmodel} writes it, input {@code x} of 28x28x1) is called with one sample through its
 * serving signature and through a raw session run of the same tensors, with TensorFlow's default thread
 * pools and with one thread each; the median of 201 calls after 20 untimed ones. Run by
 * {@code bench/batch1.sh}.
 */
public final class ServingLatency {

    static final int WARM_UP = 20;
    static final int RUNS = 201;

    private ServingLatency() {
    }

    public static void main(String[] args) {
        System.out.println("| SavedModel | thread pools | signature call, median ms | raw session run, median ms |");
        System.out.println("|---|---|---|---|");
        for (String dir : args) {
            for (int threads : new int[] {0, 1}) {
                ConfigProto.Builder config = ConfigProto.newBuilder();
                if (threads > 0) {
                    config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads);
                }
                try (SavedModelBundle bundle = SavedModelBundle.loader(dir).withTags("serve")
                        .withConfigProto(config.build()).load()) {
                    SessionFunction function = bundle.function("serving_default");
                    String input = function.signature().getInputs().get("x").name;
                    String output = function.signature().getOutputs().get("logits").name;
                    Session session = bundle.session();
                    float[] x = new float[28 * 28];
                    Random random = new Random(1);
                    for (int i = 0; i < x.length; i++) {
                        x[i] = random.nextFloat();
                    }
                    double signature = median(() -> {
                        try (TFloat32 in = sample(x); Result out = function.call(Map.of("x", in))) {
                            return;
                        }
                    });
                    double raw = median(() -> {
                        try (TFloat32 in = sample(x); Result out = session.runner().feed(input, in).fetch(output).run()) {
                            return;
                        }
                    });
                    System.out.printf(java.util.Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", dir,
                            threads == 0 ? "default" : "1 intra-op, 1 inter-op", signature, raw);
                }
            }
        }
    }

    private static TFloat32 sample(float[] x) {
        return TFloat32.tensorOf(Shape.of(1, 28, 28, 1), DataBuffers.of(x, true, false));
    }

    private static double median(Runnable call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
