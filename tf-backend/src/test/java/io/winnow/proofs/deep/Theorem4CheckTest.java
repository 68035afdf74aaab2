package io.winnow.proofs.deep;

import io.winnow.tf.checks.WidthCurve;
import io.winnow.tf.checks.ModelNetworks;
import io.vavr.collection.List;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.network.Shape;
import io.winnow.tf.data.Dataset;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.TeacherData;
import io.winnow.engine.model.FloatArray;
import io.winnow.tf.model.Model;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.prune.Pruner;
import io.winnow.tf.train.TrainConfig;
import io.winnow.tf.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.winnow.dsl.Recipes.localImitation;
import static io.winnow.dsl.Recipes.ratio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The deep bound on small trained networks pruned by local imitation. */
class Theorem4CheckTest {

    private static final Logger LOG = LoggerFactory.getLogger(Theorem4CheckTest.class);

    static final Architecture TINY = Architecture.builder("tiny", new Shape.Image(8, 8, 1))
            .conv("conv1", 8, 3).batchNorm("bn1").relu("relu1").maxPool("pool1", 2)
            .conv("conv2", 8, 3).batchNorm("bn2").relu("relu2")
            .flatten("flatten").dense("fc1", 16).relu("relu3").dense("logits", 3).build();

    static final Architecture TINY_RESNET = residual();

    private static Dataset data;
    private static ModelWeights tiny;
    private static ModelWeights resnet;

    private static Architecture residual() {
        Architecture.Builder b = Architecture.builder("tiny-resnet", new Shape.Image(8, 8, 1))
                .conv("stem", 6, 3).batchNorm("stem_bn").relu("stem_relu");
        b = Architectures.basicBlock(b, "block1", "stem_relu", 6, 1);
        b = Architectures.basicBlock(b, "block2", "block1_relu", 8, 2);
        return b.globalAvgPool("gap").dense("logits", 3).build();
    }

    @BeforeAll
    static void train() {
        data = TeacherData.generate(TINY.input(), 16, 3, 1200, 300, 5);
        tiny = trained(TINY);
        resnet = trained(TINY_RESNET);
    }

    private static ModelWeights trained(Architecture arch) {
        try (Model model = Model.init(arch, 1)) {
            Trainer.attach(model, TrainConfig.defaults().withEpochs(4).withSeed(2)).fit(data.train());
            LOG.info("{}: {}", arch.name(), model.evaluate(data.test()));
            return model.weights();
        }
    }

    private static Split calibration() {
        return data.train().slice(0, 200);
    }

    private static Pruner.Result prune(Architecture arch, ModelWeights w, Recipe recipe) {
        Plan plan = recipe.compile(arch).get();
        return Pruner.run(plan, w, calibration(), 0);
    }

    private static void log(String what, Theorem4Result r) {
        var t = r.tightness();
        LOG.info("{}: {} samples, K = {}, mean lhs {} rhs {}, lhs/rhs min {} median {} max {}, histogram {}", what,
                r.samples(), r.constants().map(k -> String.format(java.util.Locale.ROOT, "%.3f", k.bound())),
                r.meanDiscrepancy(), r.meanBound(), t.min(), t.median(), t.max(), java.util.Arrays.toString(t.histogram()));
    }

    @Test
    void theBoundHoldsOnEverySampleOfATrainedCnnPrunedByLocalImitation() {
        Pruner.Result run = prune(TINY, tiny, localImitation().select(ratio(0.5)));
        Theorem4Result r = Theorem4Check.run(ModelNetworks.INSTANCE, TINY, tiny, run.mixing(), data.test());
        log("tiny cnn, ratio 0.5", r);
        assertThat(r.violations()).isEmpty();
        assertThat(r.samples()).isEqualTo(300);
        assertThat(r.tightness().samples()).isEqualTo(300);
        assertThat(r.tightness().max()).isLessThanOrEqualTo(1 + Theorem4Check.RELATIVE_SLACK);
        assertThat(r.meanDiscrepancy()).isPositive();
    }

    @Test
    void theFullWidthPrunedNetworkComputesWhatThePhysicallyPrunedOneComputes() {
        Pruner.Result run = prune(TINY, tiny, localImitation().select(ratio(0.5)));
        ModelWeights mixed = GroupMixing.apply(TINY, tiny, run.mixing());
        Split test = data.test().slice(0, 100);
        try (Model full = Model.build(TINY, mixed); Model small = Model.build(run.architecture(), run.weights())) {
            float[] a = full.logits(test).values();
            float[] b = small.logits(test).values();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(b[i], within(1e-4f * (1 + Math.abs(b[i]))));
            }
        }
    }

    @Test
    void theBoundHoldsOnEverySampleOfAResidualNetPrunedByLocalImitation() {
        assertThat(TINY_RESNET.groups().exists(g -> g.isCoupled() && g.prunable())).isTrue();
        Pruner.Result run = prune(TINY_RESNET, resnet, localImitation().select(ratio(0.5)));
        Theorem4Result r = Theorem4Check.run(ModelNetworks.INSTANCE, TINY_RESNET, resnet, run.mixing(), data.test());
        log("tiny resnet, ratio 0.5", r);
        assertThat(r.constants()).hasSize(4);
        assertThat(r.violations()).isEmpty();
        assertThat(r.meanDiscrepancy()).isPositive();
    }

    @Test
    void localErrorsAreZeroInBlocksThePruningDidNotChange() {
        Pruner.Result run = prune(TINY, tiny, localImitation().select(4).layers("conv1"));
        Theorem4Result r = Theorem4Check.run(ModelNetworks.INSTANCE, TINY, tiny, run.mixing(), data.test());
        // Pruning conv1's channels changes only the weights conv2 reads them with: block 2.
        for (double[] e : r.localErrors()) {
            assertThat(e[0]).isZero();
            assertThat(e[2]).isZero();
            assertThat(e[3]).isZero();
        }
        assertThat(r.meanLocalErrors()[1]).isPositive();
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void constantsTooSmallByAFactorTenAreCaught() {
        Pruner.Result run = prune(TINY, tiny, localImitation().select(ratio(0.5)));
        Theorem4Result honest = Theorem4Check.run(ModelNetworks.INSTANCE, TINY, tiny, run.mixing(), data.test());
        List<BlockLipschitz> wrong = honest.constants()
                .map(k -> new BlockLipschitz(k.block(), 0.1 * k.bound(), k.factors(), k.converged()));
        Theorem4Check.Measurements m = new Theorem4Check.Measurements(honest.lhs(), honest.localErrors(),
                logitNorms(TINY, tiny, data.test()));
        assertThat(Theorem4Check.assess(honest.constants(), m).violations()).isEmpty();
        Theorem4Result r = Theorem4Check.assess(wrong, m);
        LOG.info("K x 0.1: {} of {} samples violate", r.violations().size(), r.samples());
        assertThat(r.violations()).isNotEmpty();
        assertThat(r.violations().head().lhs()).isGreaterThan(r.violations().head().rhs());
    }

    @Test
    void aPrunedModelWhoseOutputTheLocalErrorsDoNotDescribeIsCaught() {
        Pruner.Result run = prune(TINY, tiny, localImitation().select(ratio(0.5)));
        ModelWeights mixed = GroupMixing.apply(TINY, tiny, run.mixing());
        Theorem4Check.Measurements honest = Theorem4Check.measure(ModelNetworks.INSTANCE, TINY, tiny, mixed, data.test());
        List<BlockLipschitz> k = BlockLipschitz.all(TINY, tiny, SpectralNorm.DEFAULT);
        double largestBound = java.util.Arrays.stream(Theorem4Check.assess(k, honest).rhs()).max().getAsDouble();
        // The claimed pruned network's class-0 logit is shifted by twice the largest bound; the local
        // errors are the honest network's.
        FloatArray bias = mixed.get("logits", ModelWeights.BIAS);
        float[] shifted = bias.values().clone();
        shifted[0] += (float) (2 * largestBound);
        ModelWeights fabricated = mixed.with("logits", ModelWeights.BIAS, new FloatArray(bias.shape(), shifted));
        Theorem4Check.Measurements claimed = Theorem4Check.measure(ModelNetworks.INSTANCE, TINY, tiny, fabricated, data.test());
        Theorem4Result r = Theorem4Check.assess(k, new Theorem4Check.Measurements(claimed.lhs(), honest.localErrors(),
                honest.logitNorms()));
        LOG.info("fabricated model: {} of {} samples violate", r.violations().size(), r.samples());
        assertThat(r.violations()).hasSize(r.samples());
        // Measured consistently, the same fabricated model satisfies the bound: its e_L carries the change.
        assertThat(Theorem4Check.assess(k, claimed).violations()).isEmpty();
    }

    @Test
    void theDiscrepancyFallsAsTheWidthGrowsAndTheBoundHoldsAtEveryWidth() {
        List<Theorem4Check.CurvePoint> curve = WidthCurve.of(TINY, tiny, calibration(),
                new double[] {0.25, 0.5, 0.75}, 0);
        curve.forEach(p -> LOG.info("ratio {}: widths {}, mean ||F^-F|| {}, mean bound {}, lhs/rhs median {} max {}",
                p.ratio(), p.widths(), p.meanDiscrepancy(), p.meanBound(), p.tightness().median(), p.tightness().max()));
        assertThat(curve.map(Theorem4Check.CurvePoint::violations)).containsOnly(0);
        assertThat(curve.head().meanDiscrepancy()).isGreaterThan(curve.last().meanDiscrepancy());
    }

    private static double[] logitNorms(Architecture arch, ModelWeights w, Split split) {
        try (Model m = Model.build(arch, w)) {
            float[] z = m.logits(split).values();
            int classes = arch.classes();
            double[] norms = new double[split.size()];
            for (int s = 0; s < split.size(); s++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += (double) z[s * classes + c] * z[s * classes + c];
                }
                norms[s] = Math.sqrt(sum);
            }
            return norms;
        }
    }
}
