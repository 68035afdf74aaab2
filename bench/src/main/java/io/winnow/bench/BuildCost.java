package io.winnow.bench;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.model.Model;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a short-lived model costs before its arithmetic: building the graph and session, assigning the
 * weights, and one pass of 128 samples to a layer halfway through, for {@link Model#build} (variables,
 * Grappler) against {@link Model#forInference} (weights fed, no rewriting), built alternately, mean of
 * the builds after two untimed ones. A prune run builds one model per group, probe and evaluation
 * (docs/models.md). Run with {@code bench/build-cost.sh [BUILDS] [ARCH...]}.
 */
public final class BuildCost {

    private BuildCost() {
    }

    public static void main(String[] args) {
        int builds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String[] names = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"cnn", "resnet-small", "mobilenetv2"};
        System.out.println("| model | layers | Model.build + one pass (ms) | Model.forInference + one pass (ms) |");
        System.out.println("|---|---|---|---|");
        for (String name : names) {
            Architecture arch = Architectures.byName(name).getOrElseThrow(() -> new IllegalArgumentException(name));
            ModelWeights weights = ModelWeights.init(arch, 1);
            float[] x = new float[Math.toIntExact(128 * arch.input().size())];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble();
            }
            var halfway = io.vavr.collection.List.of(arch.layers().get(arch.layers().size() / 2).name());
            double[] ms = new double[2];
            for (int b = 0; b < builds + 2; b++) {
                for (int fed = 0; fed < 2; fed++) {
                    long start = System.nanoTime();
                    try (Model model = fed == 0 ? Model.build(arch, weights) : Model.forInference(arch, weights)) {
                        model.activations(x, 128, halfway);
                    }
                    if (b >= 2) {
                        ms[fed] += (System.nanoTime() - start) / 1e6 / builds;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", name, arch.layers().size(), ms[0], ms[1]);
        }
    }
}
