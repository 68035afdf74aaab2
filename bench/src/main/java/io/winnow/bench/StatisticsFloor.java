package io.winnow.bench;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.Recipes;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.dsl.network.Layer;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.model.Model;
import io.winnow.tf.prune.LayerResult;
import io.winnow.tf.prune.Pruner;
import io.winnow.tf.stats.Formulation;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The calibration statistics of a prune run against their floor (docs/theory.md section 1, "Two
 * formulations and the cost model"): one forward pass of the calibration data plus the cheaper
 * formulation's multiply-adds of every pruned group at this machine's measured GEMM throughput. Runs
 * {@code localImitation().select(ratio(0.5)).calibration(1024)} (the README main job without its
 * finetune) on each named built-in architecture with seeded random weights (statistics cost does not
 * depend on the weights' values) and prints the median over the repeats. Run with
 * {@code bench/statistics-floor.sh [REPEATS] [ARCH...]}.
 */
public final class StatisticsFloor {

    private static final int CALIBRATION = 1024;
    private static final long SEED = 42;
    private static final int GEMM_SIZE = 2048;

    private StatisticsFloor() {
    }

    /** One architecture's numbers; times in seconds, each the median of the repeats. */
    record Row(String arch, double gemmGflops, double forward, double gflop, double floor, double statistics,
               double[] runs) {

        double ratio() {
            return statistics / floor;
        }
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> archs = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length))
                : List.of("cnn", "vgg-small", "resnet-small");
        Split calibration = FashionMnist.embedded().withCalibration(CALIBRATION, SEED).calibration().get();
        System.out.println("| model | GEMM GFLOP/s | forward pass (s) | cheaper formulation (GFLOP) | floor (s) "
                + "| statistics (s), median | runs (s) | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String name : archs) {
            Row row = measure(Architectures.byName(name).getOrElseThrow(() -> new IllegalArgumentException(name)),
                    calibration, repeats);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.1f | %.2f | %.2f | %s | %.2f |%n", row.arch(),
                    row.gemmGflops(), row.forward(), row.gflop(), row.floor(), row.statistics(),
                    Arrays.stream(row.runs()).mapToObj(t -> String.format(Locale.ROOT, "%.2f", t))
                            .reduce((a, b) -> a + ", " + b).orElse(""), row.ratio());
        }
    }

    static Row measure(Architecture arch, Split calibration, int repeats) {
        ModelWeights weights = ModelWeights.init(arch, 1);
        Recipe recipe = Recipes.localImitation().select(Recipes.ratio(0.5)).calibration(CALIBRATION).seed(SEED);
        Plan plan = recipe.compile(arch).getOrElseThrow(problems -> new IllegalArgumentException(problems.toString()));
        double[] runs = new double[repeats];
        double[] gemm = new double[repeats];
        double[] forward = new double[repeats];
        double gflop = 0;
        for (int r = 0; r < repeats; r++) {
            gemm[r] = gemmGflops();
            forward[r] = forwardSeconds(arch, weights, calibration);
            Pruner.Result result = Pruner.run(plan, weights, calibration, SEED);
            runs[r] = result.layers().map(l -> l.gramMillis() / 1000.0).sum().doubleValue();
            gflop = 2.0 * cheaperMultiplyAdds(arch, result.layers(), calibration.size()) / 1e9;
        }
        double g = median(gemm);
        double f = median(forward);
        return new Row(arch.name(), g, f, gflop, f + gflop / g, median(runs), runs);
    }

    /**
     * Multiply-adds of the cheaper formulation over every pruned group, each on the network as the run
     * had it when the group's turn came (earlier groups already narrowed).
     */
    static double cheaperMultiplyAdds(Architecture original, List<LayerResult> layers, int samples) {
        Map<String, Integer> widths = HashMap.empty();
        double total = 0;
        for (LayerResult layer : layers) {
            Architecture arch = original.withWidths(widths);
            ChannelGroup group = arch.groupOf(layer.layers().head());
            for (String consumer : group.layers().flatMap(arch::consumers).distinct()
                    .filter(c -> !group.layers().contains(c))) {
                Layer c = arch.layer(consumer).get();
                int channels = group.width();
                long rows;
                int offsets;
                if (c instanceof Layer.Conv2D conv) {
                    Shape.Image out = (Shape.Image) arch.shapeOf(consumer);
                    rows = (long) samples * out.height() * out.width();
                    offsets = conv.kernel() * conv.kernel();
                } else {
                    rows = samples;
                    offsets = (int) (arch.shapeOf(c.input()).size() / channels);
                }
                int outputs = Architecture.widthOf(c);
                total += (double) rows * Math.min(Formulation.patchCost(offsets, channels),
                        Formulation.directCost(offsets, channels, outputs));
            }
            for (String l : layer.layers()) {
                widths = widths.put(l, layer.widthAfter());
            }
        }
        return total;
    }

    /** One inference pass over the calibration split, after a warm-up pass. */
    static double forwardSeconds(Architecture arch, ModelWeights weights, Split calibration) {
        try (Model model = Model.build(arch, weights)) {
            model.logits(calibration);
            long start = System.nanoTime();
            model.logits(calibration);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** float32 GEMM throughput of TensorFlow on a square 2048 product: the best of 5 after a warm-up. */
    static double gemmGflops() {
        int n = GEMM_SIZE;
        float[] values = new float[n * n];
        Random rnd = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
            Operand<TFloat32> product = tf.linalg.matMul(a, a);
            try (Session session = new Session(graph);
                 TFloat32 x = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(n, n), DataBuffers.of(values, true, false))) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 6; i++) {
                    long start = System.nanoTime();
                    try (Result ignored = session.runner().feed(a, x).fetch(product).run()) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        if (i > 0) {
                            best = Math.min(best, seconds);
                        }
                    }
                }
                return 2.0 * n * n * n / best / 1e9;
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
