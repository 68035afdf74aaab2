package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.network.Architecture;
import io.winnow.engine.model.BiasShift;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.proofs.deep.GroupMixing;
import io.winnow.proofs.verify.SelectedWeights;
import io.winnow.tf.model.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * correctBias(): after each cut, every layer reading the group has, channel by channel, the unpruned
 * network's mean output on the calibration split. Checked against {@link DoubleNetwork}, a double-precision
 * forward pass written from the layer definitions.
 */
class BiasCorrectionTest {

    private static final Architecture TINY = TinyNet.ARCH;
    private static Split calibration;
    private static ModelWeights trained;

    @BeforeAll
    static void train() {
        TinyNet.Trained net = TinyNet.trained();
        calibration = net.data().withCalibration(300, 3).calibration().get();
        trained = net.weights();
    }

    private static Pruner.Result run(Recipe recipe) {
        Plan plan = recipe.compile(TINY).get();
        return Pruner.run(plan, trained, calibration, 3);
    }

    @Test
    void everyLayerReadingACutGroupGetsTheUnprunedNetworksMeanOutputs() {
        Pruner.Result run = run(localImitation().optimizeGamma().select(ratio(0.4)).correctBias());
        assertThat(run.layers()).extracting(l -> l.biasShifts().map(BiasShift::layer).mkString(","))
                .containsExactly("conv2", "fc1", "logits");
        assertThat(largestCorrection(TINY, trained, calibration, run)).isGreaterThan(1e-2);
    }

    @Test
    void inAResidualNetworkLayersAlreadyCutAreCorrectedOnTheChannelsTheyKept() {
        Architecture resnet = io.winnow.dsl.network.Architectures.resnetSmall(4);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(23);
        ModelWeights weights = TaylorImportanceTest.randomised(resnet, rng);
        Split samples = TaylorImportanceTest.randomSplit(resnet, 24, rng);
        Pruner.Result run = Pruner.run(localImitation().optimizeGamma().select(ratio(0.5)).correctBias().compile(resnet).get(),
                weights, samples, 1);
        // block1_conv1's group is cut after stem+block1_conv2's, which reads it: block1_conv2 is corrected on the
        // channels its group kept, numbered as in the unpruned network.
        List<BiasShift> renumbered = run.layers().flatMap(LayerResult::biasShifts)
                .filter(s -> s.channels().length < resnet.layer(s.layer()).map(io.winnow.dsl.network.Architecture::widthOf).get());
        assertThat(renumbered).isNotEmpty();
        assertThat(largestCorrection(resnet, weights, samples, run)).isGreaterThan(1e-2);
    }

    /** The logits of the network {@code arch} with {@code w} on the calibration split. */
    private static float[] logits(Architecture arch, ModelWeights w) {
        try (Model m = Model.forInference(arch, w)) {
            return m.logits(calibration).values();
        }
    }

    /** max_i |a_i - b_i|. */
    private static double largestDifference(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    /** The network of {@code run} right after its group {@code i} was cut, before that cut's corrections. */
    private static Surgery.Pruned cutBeforeCorrecting(Architecture arch, ModelWeights original, Pruner.Result run, int i) {
        LayerResult layer = run.layers().get(i);
        Surgery.Pruned before = SelectedWeights.of(arch, original, Pruner.mixing(run.layers().take(i)).asJava());
        return Surgery.prune(before.architecture(), before.weights(),
                before.architecture().groupOf(layer.layers().head()), layer.mixing().kept(), layer.mixing().multipliers());
    }

    /**
     * Replays {@code run} cut by cut and checks that after each cut and its corrections every corrected layer's
     * mean outputs equal the unpruned network's; returns the largest correction relative to the layer's largest mean,
     * to show the check could fail.
     */
    private static double largestCorrection(Architecture arch, ModelWeights original, Split data, Pruner.Result run) {
        DoubleNetwork unpruned = new DoubleNetwork(arch, original);
        double largest = 0;
        for (int i = 0; i < run.layers().size(); i++) {
            LayerResult layer = run.layers().get(i);
            Surgery.Pruned cut = cutBeforeCorrecting(arch, original, run, i);
            ModelWeights corrected = cut.weights();
            for (BiasShift shift : layer.biasShifts()) {
                corrected = shift.addTo(corrected);
            }
            for (BiasShift shift : layer.biasShifts()) {
                double[] target = unpruned.channelMeans(data, shift.layer());
                double[] uncorrected = new DoubleNetwork(cut.architecture(), cut.weights()).channelMeans(data, shift.layer());
                double[] now = new DoubleNetwork(cut.architecture(), corrected).channelMeans(data, shift.layer());
                double scale = java.util.Arrays.stream(target).map(Math::abs).max().orElse(1);
                for (int j = 0; j < now.length; j++) {
                    int channel = shift.channels()[j];
                    assertThat(now[j]).as("%s channel %d after cutting %s", shift.layer(), channel, layer.layers())
                            .isCloseTo(target[channel], org.assertj.core.data.Offset.offset(1e-4 * scale));
                    largest = Math.max(largest, Math.abs(target[channel] - uncorrected[j]) / scale);
                }
            }
        }
        return largest;
    }

    @Test
    void theChecksFullWidthNetworkComputesWhatThePrunedNetworkComputes() {
        Pruner.Result run = run(localImitation().optimizeGamma().select(ratio(0.4)).correctBias());
        ModelWeights fullWidth = GroupMixing.apply(TINY, trained, run.mixing());
        Surgery.Pruned selected = Pruner.selected(TINY, trained, run.layers());
        assertThat(selected.architecture()).isEqualTo(run.architecture());
        float[] pruned = logits(run.architecture(), run.weights());
        float[] uncorrected = logits(TINY, GroupMixing.apply(TINY, trained, run.layers()
                .map(l -> GroupMixing.of(l.layers(), l.mixing()))));
        double scale = largestDifference(pruned, new float[pruned.length]);
        assertThat(largestDifference(pruned, logits(TINY, fullWidth))).isLessThan(1e-5 * scale);
        assertThat(largestDifference(pruned, uncorrected)).isGreaterThan(1e-2 * scale);
        assertThat(selected.weights()).isEqualTo(run.weights());
    }

    @Test
    void theSameRunCorrectsTheSameBitsAndARecipeWithoutItCorrectsNothing() {
        Recipe recipe = localImitation().optimizeGamma().select(ratio(0.4)).correctBias();
        assertThat(run(recipe).layers().map(LayerResult::biasShifts))
                .isEqualTo(run(recipe).layers().map(LayerResult::biasShifts));
        Pruner.Result plain = run(localImitation().optimizeGamma().select(ratio(0.4)).correctBias(false));
        assertThat(plain.layers()).allSatisfy(l -> assertThat(l.biasShifts()).isEmpty());
        assertThat(plain.weights()).isEqualTo(Pruner.selected(TINY, trained, plain.layers()).weights());
    }

    @Test
    void localImitationCorrectsByDefaultFromVersionTwoAndAVersionOneRecipeDoesNot() {
        Recipe said = localImitation().optimizeGamma().select(ratio(0.4)).correctBias();
        Recipe unsaid = localImitation().optimizeGamma().select(ratio(0.4));
        Pruner.Result corrected = run(said);
        assertThat(corrected.layers()).anySatisfy(l -> assertThat(l.biasShifts()).isNotEmpty());
        Pruner.Result byDefault = run(unsaid);
        assertThat(byDefault.layers().map(LayerResult::biasShifts)).isEqualTo(corrected.layers().map(LayerResult::biasShifts));
        assertThat(byDefault.weights()).isEqualTo(corrected.weights());
        Pruner.Result v1 = run(Recipe.of(1, unsaid.steps()));
        assertThat(v1.layers()).allSatisfy(l -> assertThat(l.biasShifts()).isEmpty());
        assertThat(v1.weights()).isEqualTo(run(unsaid.correctBias(false)).weights());
    }

    @Test
    void aBaselineStageIsCorrectedToo() {
        Pruner.Result run = run(magnitude().select(ratio(0.5)).correctBias());
        assertThat(run.layers()).allSatisfy(l -> assertThat(l.biasShifts()).isNotEmpty());
        assertThat(run.layers().head().biasShifts().head().channels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        // A shift is numbered by the corrected layer's own output channels: fc1 still has all 16 when conv2 is cut.
        assertThat(run.layers().get(1).biasShifts().head().channels()).hasSize(16);
        // logits is corrected after fc1 is cut; its 3 outputs are never pruned.
        assertThat(run.layers().get(2).biasShifts().head().layer()).isEqualTo("logits");
        assertThat(largestCorrection(TINY, trained, calibration, run)).isGreaterThan(1e-2);
    }

    /**
     * correctScale(): each reader channel gets the unpruned network's mean and standard deviation, the scale
     * recomputed here in double precision by the two-pass formula; checked on the corrected network's outputs.
     */
    @Test
    void withCorrectScaleEveryReaderChannelHasTheUnprunedMeanAndStandardDeviation() {
        Pruner.Result run = run(localImitation().optimizeGamma().select(ratio(0.4)).correctScale());
        assertThat(run.layers()).allSatisfy(l -> assertThat(l.biasShifts()).allSatisfy(s -> assertThat(s.scaled()).isTrue()));
        DoubleNetwork unpruned = new DoubleNetwork(TINY, trained);
        double farthestFromOne = 0;
        for (int i = 0; i < run.layers().size(); i++) {
            LayerResult layer = run.layers().get(i);
            Surgery.Pruned cut = cutBeforeCorrecting(TINY, trained, run, i);
            assertThat(layer.biasShifts()).hasSize(1);
            BiasShift shift = layer.biasShifts().head();
            DoubleNetwork pruned = new DoubleNetwork(cut.architecture(), cut.weights());
            DoubleNetwork corrected = new DoubleNetwork(cut.architecture(), shift.addTo(cut.weights()));
            int width = shift.values().length;
            int fullWidth = TINY.layer(shift.layer()).map(io.winnow.dsl.network.Architecture::widthOf).get();
            java.util.List<double[]> p = new java.util.ArrayList<>();
            java.util.List<double[]> q = new java.util.ArrayList<>();
            java.util.List<double[]> u = new java.util.ArrayList<>();
            for (int s = 0; s < calibration.size(); s++) {
                p.add(pruned.output(calibration, s, shift.layer()));
                q.add(corrected.output(calibration, s, shift.layer()));
                u.add(unpruned.output(calibration, s, shift.layer()));
            }
            for (int j = 0; j < width; j++) {
                int channel = shift.channels()[j];
                double meanP = 0;
                double meanU = 0;
                double meanQ = 0;
                long n = 0;
                for (int s = 0; s < p.size(); s++) {
                    for (int at = 0; at * width < p.get(s).length; at++) {
                        meanP += p.get(s)[at * width + j];
                        meanQ += q.get(s)[at * width + j];
                        meanU += u.get(s)[at * fullWidth + channel];
                        n++;
                    }
                }
                meanP /= n;
                meanU /= n;
                meanQ /= n;
                double varP = 0;
                double varU = 0;
                double varQ = 0;
                double cov = 0;
                for (int s = 0; s < p.size(); s++) {
                    for (int at = 0; at * width < p.get(s).length; at++) {
                        double a = p.get(s)[at * width + j] - meanP;
                        double b = u.get(s)[at * fullWidth + channel] - meanU;
                        varP += a * a;
                        varU += b * b;
                        varQ += Math.pow(q.get(s)[at * width + j] - meanQ, 2);
                        cov += a * b;
                    }
                }
                boolean matched = varP > 0 && cov > 0;
                double expected = matched ? Math.sqrt(varU / varP) : 1;
                assertThat(shift.scales()[j]).as("%s channel %d scale after cutting %s", shift.layer(), channel,
                        layer.layers()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, expected)));
                assertThat(meanQ).as("%s channel %d mean", shift.layer(), channel)
                        .isCloseTo(meanU, org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(meanU))));
                if (matched) {
                    assertThat(Math.sqrt(varQ / n)).as("%s channel %d standard deviation", shift.layer(), channel)
                            .isCloseTo(Math.sqrt(varU / n), org.assertj.core.data.Offset.offset(1e-3 * Math.max(1e-3,
                                    Math.sqrt(varU / n))));
                }
                farthestFromOne = Math.max(farthestFromOne, Math.abs(expected - 1));
            }
        }
        // The check could fail: the cuts changed some channel's standard deviation by more than 5 %.
        assertThat(farthestFromOne).isGreaterThan(0.05);
    }

    /**
     * The scale of one channel from its sums, against the two-pass formula in double on random outputs: the
     * ratio of standard deviations where cut and unpruned vary together, and 1 (never 0) where they run against
     * each other or the cut output is constant.
     */
    @Test
    void aScaleIsTheRatioOfStandardDeviationsWhereTheOutputsAgreeAndOneOtherwise() {
        java.util.Random random = new java.util.Random(23);
        int agreeing = 0;
        int against = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(50);
            double direction = trial % 3 == 0 ? -1 : 1;
            boolean constant = trial % 7 == 0;
            double[] p = new double[n];
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = constant ? 0.75 : 3 * random.nextGaussian() + 1;
                u[i] = direction * (0.5 + random.nextDouble()) * p[i] + random.nextGaussian() + 2;
            }
            double meanP = java.util.Arrays.stream(p).average().orElseThrow();
            double meanU = java.util.Arrays.stream(u).average().orElseThrow();
            double varP = 0;
            double varU = 0;
            double cov = 0;
            double sumP = 0, sumPP = 0, sumU = 0, sumUU = 0, sumPU = 0;
            for (int i = 0; i < n; i++) {
                varP += (p[i] - meanP) * (p[i] - meanP);
                varU += (u[i] - meanU) * (u[i] - meanU);
                cov += (p[i] - meanP) * (u[i] - meanU);
                sumP += p[i];
                sumPP += p[i] * p[i];
                sumU += u[i];
                sumUU += u[i] * u[i];
                sumPU += p[i] * u[i];
            }
            boolean agree = !constant && cov > 1e-9 * n;
            double expected = agree ? Math.sqrt(varU / varP) : 1;
            agreeing += agree ? 1 : 0;
            against += !constant && cov < 0 ? 1 : 0;
            assertThat(BiasCorrection.scale(n, sumP, sumPP, sumU, sumUU, sumPU)).as("trial %d", trial)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, expected)))
                    .isPositive();
        }
        // Both branches ran: the check could fail either way.
        assertThat(agreeing).isGreaterThan(100);
        assertThat(against).isGreaterThan(50);
    }

    @Test
    void correctScaleIsRecordedInTheReportAndReplayedByTheChecksFullWidthNetwork() {
        Pruner.Result run = run(localImitation().optimizeGamma().select(ratio(0.4)).correctScale());
        ModelWeights fullWidth = GroupMixing.apply(TINY, trained, run.mixing());
        float[] pruned = logits(run.architecture(), run.weights());
        assertThat(largestDifference(pruned, logits(TINY, fullWidth)))
                .isLessThan(1e-5 * largestDifference(pruned, new float[pruned.length]));
        assertThat(Pruner.selected(TINY, trained, run.layers()).weights()).isEqualTo(run.weights());
        Pruner.Result shiftOnly = run(localImitation().optimizeGamma().select(ratio(0.4)).correctScale(false));
        assertThat(shiftOnly.layers()).allSatisfy(l -> assertThat(l.biasShifts())
                .isNotEmpty().allSatisfy(s -> assertThat(s.scaled()).isFalse()));
        // A version-1 stage corrects nothing unless told; correctScale() turns the correction on.
        Pruner.Result v1 = run(Recipe.of(1, localImitation().optimizeGamma().select(ratio(0.4)).correctScale().steps()));
        assertThat(v1.layers()).allSatisfy(l -> assertThat(l.biasShifts()).allSatisfy(s -> assertThat(s.scaled()).isTrue()));
        assertThat(v1.weights()).isEqualTo(run.weights());
    }

    /** taylor keeps its channels at multiplier 1: the readers' means still come back to the unpruned ones. */
    @Test
    void aTaylorStageGetsTheUnprunedNetworksMeanOutputs() {
        Pruner.Result run = run(taylor().select(ratio(0.4)).correctBias());
        assertThat(run.layers()).extracting(l -> l.biasShifts().map(BiasShift::layer).mkString(","))
                .containsExactly("conv2", "fc1", "logits");
        assertThat(largestCorrection(TINY, trained, calibration, run)).isGreaterThan(1e-2);
    }
}
