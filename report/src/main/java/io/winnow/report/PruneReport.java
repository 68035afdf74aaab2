package io.winnow.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * report.json of a pruning run, as typed values: what ran (recipe text and hash, seed, data,
 * the original model's architecture and file digests), what came out (widths, params, FLOPs, the
 * pruned model's file digests and the digest of the selected weights before finetuning), each
 * layer's selection record with its certificate, Theorem 4 on the calibration split, accuracies
 * and timings. {@link ReportCodec} is its only reader and writer: a field that is unknown,
 * missing, null or non-finite is rejected with its JSON path. Everything but {@code timings} is
 * the same for the same recipe, model, data and seed.
 *
 * <p>The recorded verdicts ({@code certificate.holds}, {@code theorem4.holds}) are what the run
 * found; {@code winnow verify} recomputes every one of them from the record and fails when a
 * recorded verdict disagrees with the recomputed one.
 */
public record PruneReport(
        String format,
        RecipeSource recipe,
        long seed,
        DataSource data,
        ModelSource model,
        Size size,
        List<Layer> layers,
        Accuracy accuracy,
        Theorem4 theorem4,
        Digests digests,
        Timings timings,
        Optional<Latency> latency) {

    /** The schema version this code reads and writes. */
    public static final String FORMAT = "winnow-report/3";

    public PruneReport {
        layers = List.copyOf(layers);
    }

    /** The same report with these layers (e.g. their certificates attached after the run). */
    public PruneReport withLayers(List<Layer> layers) {
        return new PruneReport(format, recipe, seed, data, model, size, layers, accuracy, theorem4, digests, timings, latency);
    }

    /** The same report with Theorem 4's result, checked after the run. */
    public PruneReport withTheorem4(Theorem4 theorem4) {
        return new PruneReport(format, recipe, seed, data, model, size, layers, accuracy, theorem4, digests, timings, latency);
    }

    /** The same report with the latencies measured after the run. */
    public PruneReport withLatency(Latency measured) {
        return new PruneReport(format, recipe, seed, data, model, size, layers, accuracy, theorem4, digests, timings,
                Optional.of(measured));
    }

    /** The same report with the digests, known once the pruned model's files are written. */
    public PruneReport withDigests(Digests digests) {
        return new PruneReport(format, recipe, seed, data, model, size, layers, accuracy, theorem4, digests, timings, latency);
    }

    /** The same report with other timings: two equal runs differ in nothing else. */
    public PruneReport withTimings(Timings timings) {
        return new PruneReport(format, recipe, seed, data, model, size, layers, accuracy, theorem4, digests, timings, latency);
    }

    /** The recipe as it ran: the file it came from, the SHA-256 of its canonical text, and that text. */
    public record RecipeSource(String file, String hash, String text) {
    }

    /**
     * The data: where it came from and the sizes of the three splits. The calibration split is
     * carved from the training data by the run's seed, so seed and sizes determine it. The class
     * names are in label order (for class folders, the sorted folder names); the normalisation is
     * the one every input value went through. Both are absent from reports written before Winnow
     * recorded them.
     *
     * <p>{@code calibrationData} is present when the run streamed its statistics from calibration data of
     * its own ({@code winnow prune --calibration-data PATH}, docs/scale.md): then the Gram matrices sum
     * over all its samples, and the calibration split of {@code calibration} samples was drawn from it by
     * the seed rather than carved from the training data, which then kept all of its samples.
     *
     * <p>{@code argument} is the {@code --data} value that reads the same data again ({@code embedded}, or the
     * absolute path the run read), which {@code winnow verify --model} uses when it is given no {@code --data};
     * absent for data made in memory and from reports written before Winnow recorded it.
     */
    public record DataSource(String source, int train, int calibration, int test, Optional<List<String>> classes,
                             Optional<Normalisation> normalisation, Optional<CalibrationData> calibrationData,
                             Optional<String> argument) {
        public DataSource {
            classes = classes.map(List::copyOf);
        }

        /** Data whose statistics came from its calibration split, as every run before streaming. */
        public DataSource(String source, int train, int calibration, int test, Optional<List<String>> classes,
                          Optional<Normalisation> normalisation) {
            this(source, train, calibration, test, classes, normalisation, Optional.empty(), Optional.empty());
        }

        /** Without the {@code --data} value, as reports written before Winnow recorded it. */
        public DataSource(String source, int train, int calibration, int test, Optional<List<String>> classes,
                          Optional<Normalisation> normalisation, Optional<CalibrationData> calibrationData) {
            this(source, train, calibration, test, classes, normalisation, calibrationData, Optional.empty());
        }
    }

    /** Streamed calibration data: the path given to --calibration-data, and how many samples it held. */
    public record CalibrationData(String source, int samples) {
    }

    /**
     * Every input value was {@code x = (pixel/255 - mean[c]) / std[c]} for its channel c; one
     * value applies to every channel. Mean 0 and std 1 leave pixel/255.
     */
    public record Normalisation(List<Double> mean, List<Double> std) {
        public Normalisation {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
        }
    }

    /**
     * The original model: the path it was read from (informative only), its architecture.json text,
     * the SHA-256 of each of its files by relative path, and the total bytes of those files (absent
     * from reports written before Winnow recorded it).
     */
    public record ModelSource(String source, String architecture, Map<String, String> files, Optional<Long> bytes) {
        public ModelSource {
            files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        }
    }

    /** Params and FLOPs of the original and the pruned model, and every prunable layer's width. */
    public record Size(long paramsBefore, long paramsAfter, long flopsBefore, long flopsAfter, double flopsFraction,
                       List<Width> widths) {
        public Size {
            widths = List.copyOf(widths);
        }
    }

    public record Width(String layer, int before, int after) {
    }

    /**
     * One pruned channel group (a layer, or layers coupled by residual adds): its labels from the
     * plan, the channels kept with their multipliers c_i = N a_i, and for greedy methods the whole
     * selection record.
     */
    public record Layer(
            int order,
            List<String> layers,
            String stage,
            int widthBefore,
            int widthAfter,
            List<Integer> kept,
            List<Double> multipliers,
            Optional<Selection> selection,
            String imitation,
            Optional<BestOf> bestOf,
            Optional<Budget> budget,
            Certificate certificate,
            Optional<List<BiasShift>> biasShifts) {
        public Layer {
            layers = List.copyOf(layers);
            kept = List.copyOf(kept);
            multipliers = List.copyOf(multipliers);
            biasShifts = biasShifts == null ? Optional.empty() : biasShifts.map(List::copyOf);
        }

        /** A layer pruned without {@code correctBias()} (whose report leaves {@code biasShifts} out). */
        public Layer(int order, List<String> layers, String stage, int widthBefore, int widthAfter, List<Integer> kept,
                     List<Double> multipliers, Optional<Selection> selection, String imitation, Optional<BestOf> bestOf,
                     Optional<Budget> budget, Certificate certificate) {
            this(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, imitation, bestOf, budget,
                    certificate, Optional.empty());
        }

        /** The same layer with its certificate. */
        public Layer withCertificate(Certificate certificate) {
            return new Layer(order, layers, stage, widthBefore, widthAfter, kept, multipliers, selection, imitation,
                    bestOf, budget, certificate, biasShifts);
        }

        /** "conv1" or "b1_conv2+b2_conv2": how a group is named in messages. */
        public String name() {
            return String.join("+", layers);
        }
    }

    /**
     * What {@code correctBias()} did to a layer reading the group, right after the group was cut: its output
     * channel j then, channel {@code channels[j]} of the unpruned layer, scaled by {@code scales[j]} (kernel
     * column and bias; with {@code correctScale()} only, else absent and 1) and {@code values[j]} added to its bias.
     */
    public record BiasShift(String layer, List<Integer> channels, List<Double> values, Optional<List<Double>> scales) {
        public BiasShift {
            channels = List.copyOf(channels);
            values = List.copyOf(values);
            scales = scales == null ? Optional.empty() : scales.map(List::copyOf);
        }

        /** A shift alone, as {@code correctBias()} without {@code correctScale()} makes it (no {@code scales}). */
        public BiasShift(String layer, List<Integer> channels, List<Double> values) {
            this(layer, channels, values, Optional.empty());
        }
    }

    /**
     * A greedy run on one layer (docs/theory.md sections 2 and 3): the rule, N, m, the starting
     * neuron, L(empty), the loss scale, L_0 and the final L, why it stopped, the polish outcome,
     * the comparison with GFS's face, every step, and the imitation target.
     */
    public record Selection(
            String rule,
            int width,
            long dimension,
            Optional<Integer> start,
            double emptyLoss,
            double lossScale,
            double initialLoss,
            double finalLoss,
            String stopped,
            String polished,
            Optional<GfsComparison> gfsComparison,
            List<Step> steps,
            String target,
            List<Integer> deadDropped) {
        public Selection {
            steps = List.copyOf(steps);
            deadDropped = List.copyOf(deadDropped);
        }
    }

    /**
     * One step f_k -> f_{k+1}: a toward or away step on neuron i with step gamma, or (polish) a face
     * step (neuron -1, gamma 1) to the recorded weights; L_k, L_{k+1}, r_k, D_k and ||a||_0 after it.
     * r_k and D_k are absent where the selection has none: global imitation measures no local hull.
     */
    public record Step(int k, int neuron, double gamma, double lossBefore, double lossAfter, Optional<Double> margin,
                       Optional<Double> diameter, boolean away, boolean polish, Optional<Face> face, int support) {
    }

    /** The weights a after a face step: a_i for each i in neurons (ascending), 0 elsewhere. */
    public record Face(List<Integer> neurons, List<Double> weights) {
        public Face {
            neurons = List.copyOf(neurons);
            weights = List.copyOf(weights);
        }
    }

    /** optimizeGamma's comparison with GFS's k neurons polished on their own face. */
    public record GfsComparison(double pathLoss, double gfsLoss, double gfsFaceLoss, boolean gfsFaceKept,
                                List<Integer> gfsKept) {
        public GfsComparison {
            gfsKept = List.copyOf(gfsKept);
        }
    }

    /** bestOfLocalAndGlobal: both halves' global discrepancy, and the one kept. */
    public record BestOf(double localLoss, double globalLoss, String winner) {
    }

    /** How a searched budget chose this layer's width. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "budget")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = AccuracyDropSearch.class, name = "accuracyDrop"),
            @JsonSubTypes.Type(value = FlopsSearch.class, name = "flops")})
    public sealed interface Budget permits AccuracyDropSearch, FlopsSearch {
    }

    /** accuracyDrop: the widths tried by bisection with their calibration top-1, and the one chosen. */
    public record AccuracyDropSearch(double drop, double originalAccuracy, double threshold,
                                     List<Candidate> candidates, int chosen) implements Budget {
        public AccuracyDropSearch {
            candidates = List.copyOf(candidates);
        }
    }

    public record Candidate(int width, double accuracy) {
    }

    /** flops: the shared setting found (a tolerance or a ratio, as {@code by} says) and the FLOPs it plans. */
    public record FlopsSearch(double fraction, String by, double setting, long flopsOriginal, long flopsPlanned,
                              double plannedFraction, int width) implements Budget {
    }

    /**
     * The layer's bound certificate (docs/theory.md section 3.5). Where it applies: the recorded
     * verdict, L_0, the final L, the final bound, the bound after every step, each step's Lemma 3
     * verdict and the violations found. Where it does not: why.
     */
    public record Certificate(boolean applies, Optional<String> why, Optional<Boolean> holds,
                              Optional<Double> initialLoss, Optional<Double> finalLoss, Optional<Double> finalBound,
                              Optional<List<Double>> bounds, Optional<List<String>> lemma3,
                              Optional<List<String>> violations) {

        public static Certificate notApplicable(String why) {
            return new Certificate(false, Optional.of(why), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Certificate of(boolean holds, double initialLoss, double finalLoss, double finalBound,
                                     List<Double> bounds, List<String> lemma3, List<String> violations) {
            return new Certificate(true, Optional.empty(), Optional.of(holds), Optional.of(initialLoss),
                    Optional.of(finalLoss), Optional.of(finalBound), Optional.of(List.copyOf(bounds)),
                    Optional.of(List.copyOf(lemma3)), Optional.of(List.copyOf(violations)));
        }
    }

    public record Accuracy(Evaluation original, Evaluation afterSelection, Optional<Evaluation> afterFinetune) {
    }

    /** Mean loss and top-1 of a model on a split. */
    public record Evaluation(String split, int samples, double loss, double accuracy) {
    }

    /**
     * Theorem 4 on the calibration split (docs/theory.md section 4): the network checked, the
     * recorded verdict, the slack's two coefficients, the blocks' Lipschitz bounds, the tightness,
     * the count of violated samples with the first few listed, and per sample ||F^(x) - F(x)||
     * (lhs), its bound (rhs), ||F(x)|| and the slack allowed for rounding,
     * slack = relativeSlack * rhs + logitSlack * ||F(x)||, so every verdict can be recomputed.
     */
    public record Theorem4(String network, int samples, boolean holds, double relativeSlack, double logitSlack,
                           double meanDiscrepancy, double meanBound, List<Block> blocks, Tightness tightness,
                           int violations, List<SampleViolation> listedViolations, List<Double> lhs,
                           List<Double> rhs, List<Double> logitNorms, List<Double> slack) {
        public Theorem4 {
            logitNorms = List.copyOf(logitNorms);
            blocks = List.copyOf(blocks);
            listedViolations = List.copyOf(listedViolations);
            lhs = List.copyOf(lhs);
            rhs = List.copyOf(rhs);
            slack = List.copyOf(slack);
        }
    }

    public record Block(String layers, double lipschitz, boolean converged, double meanLocalError) {
    }

    public record Tightness(double min, double median, double max, List<Integer> histogram) {
        public Tightness {
            histogram = List.copyOf(histogram);
        }
    }

    public record SampleViolation(int sample, double lhs, double rhs, double slack) {
    }

    /**
     * SHA-256 digests: each file of the pruned model beside the report (by relative path; the
     * report's own files and Winnow's output marker excluded), and the selected network's weights
     * before finetuning (the original with every layer's kept channels and multipliers applied), in
     * the canonical encoding of docs/report.md; and the total bytes of the files in {@code prunedModel}
     * (absent from reports written before Winnow recorded it).
     */
    public record Digests(Map<String, String> prunedModel, String selectedWeights, Optional<Long> prunedModelBytes) {

        /** The name of the report beside the pruned model. */
        public static final String REPORT_FILE = "report.json";

        public Digests {
            prunedModel = Collections.unmodifiableSortedMap(new TreeMap<>(prunedModel));
        }

        /**
         * Whether {@code prunedModel} covers the output directory's file at this relative path
         * ('/'-separated): every file but report.json, report.html, report-*.png at the top (the
         * separate plots that Winnow wrote beside report.html before the page carried them inline;
         * excluded so that those outputs still verify) and dot-files (such as Winnow's output marker)
         * anywhere in the tree.
         */
        public static boolean covers(String path) {
            if (path.equals(REPORT_FILE) || path.equals("report.html")
                    || (path.startsWith("report-") && path.endsWith(".png") && !path.contains("/"))) {
                return false;
            }
            for (String part : path.split("/")) {
                if (part.startsWith(".")) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Wall-clock seconds per phase; the only part of a report that differs between equal runs. */
    public record Timings(double statisticsSeconds, double selectionSeconds, double finetuneSeconds,
                          double evaluationSeconds, double totalSeconds) {
    }

    /**
     * Inference latency of the original and the pruned model, measured after the run on this
     * machine, both with batch norm folded into the layer before it. A measurement, not a claim:
     * {@code winnow verify} does not re-check it.
     *
     * @param runtime what ran the models, e.g. "TensorFlow Java 1.1.0 CPU"
     * @param threads the threads it could use
     * @param runs    timed calls per batch size, after warm-up; each figure is their median
     */
    public record Latency(String runtime, int threads, int runs, LatencyPoint original, LatencyPoint pruned) {
    }

    /** Median milliseconds per call, one sample and 256 samples per call. */
    public record LatencyPoint(double batch1Ms, double batch256Ms) {
    }
}
