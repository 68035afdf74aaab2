package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.ChannelGroup;
import io.winnow.engine.model.BiasShift;
import io.winnow.engine.model.FloatArray;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.model.Split;
import io.winnow.engine.model.Surgery;
import io.winnow.tf.model.Model;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code correctBias()} (docs/theory.md section 6): right after a group is cut, every Dense or Conv2D
 * layer that reads it gets, on each output channel, the unpruned network's mean output minus its own
 * added to its bias, both means over the calibration split (every sample, and every position of a
 * convolution's map). Of all constant shifts of that channel, this one brings the layer's outputs
 * closest to the unpruned network's in mean squared error. The means are summed in double precision
 * in a fixed order, so a run is repeatable bit for bit.
 */
final class BiasCorrection {

    /** Samples per forward pass when the means are taken. */
    private static final int BATCH = 128;

    /** A network with its corrections made, and the shifts that made them. */
    record Corrected(ModelWeights weights, List<BiasShift> shifts) {
    }

    private final Architecture unprunedArchitecture;
    private final ModelWeights unprunedWeights;
    private final Split calibration;
    /** The unpruned network's mean output per channel, by layer, as far as asked for. */
    private final Map<String, double[]> unprunedMeans = new HashMap<>();

    BiasCorrection(Architecture unprunedArchitecture, ModelWeights unprunedWeights, Split calibration) {
        this.unprunedArchitecture = unprunedArchitecture;
        this.unprunedWeights = unprunedWeights;
        this.calibration = calibration;
    }

    /**
     * The layers reading {@code group} in {@code before} (the network before the cut), corrected in
     * {@code cut} (the network right after it): each output channel shifted to the unpruned network's mean
     * ({@code correctBias()}), or with {@code scale} ({@code correctScale()}) also scaled to its standard
     * deviation ({@link #fit}). The cut network's outputs in {@code upstream} are fed instead of computed.
     */
    Corrected correct(Architecture before, ChannelGroup group, Surgery.Pruned cut, Channels channels,
                      io.vavr.collection.Map<String, FloatArray> upstream, boolean scale) {
        List<String> readers = readers(before, group);
        ModelWeights weights = cut.weights();
        List<BiasShift> shifts = List.empty();
        List<String> left = readers;
        while (!left.isEmpty()) {
            // A reader downstream of another (a residual block's second conv reads the first) is measured again
            // after the one upstream is corrected: one forward pass per wave of readers independent of each other.
            List<String> wave = wave(cut.architecture(), left);
            List<BiasShift> made = scale
                    ? fit(cut.architecture(), weights, wave, channels, upstream)
                    : toUnprunedMeans(readers, cut.architecture(), weights, wave, channels, upstream);
            for (BiasShift shift : made) {
                weights = shift.addTo(weights);
                shifts = shifts.append(shift);
            }
            left = left.removeAll(wave);
        }
        return new Corrected(weights, shifts);
    }

    /**
     * {@code correctBias()}: each layer of {@code wave}, on each output channel, shifted by the unpruned
     * network's mean minus its own. The unpruned means of all {@code readers} are taken in one pass the first
     * time any of them is asked for, and kept for the run.
     */
    private List<BiasShift> toUnprunedMeans(List<String> readers, Architecture arch, ModelWeights weights,
                                            List<String> wave, Channels channels,
                                            io.vavr.collection.Map<String, FloatArray> upstream) {
        List<String> missing = readers.filter(l -> !unprunedMeans.containsKey(l));
        if (!missing.isEmpty()) {
            unprunedMeans.putAll(channelMeans(unprunedArchitecture, unprunedWeights, missing, calibration,
                    io.vavr.collection.LinkedHashMap.empty()));
        }
        Map<String, double[]> now = channelMeans(arch, weights, wave, calibration, upstream);
        List<BiasShift> shifts = List.empty();
        for (String layer : wave) {
            double[] current = now.get(layer);
            double[] target = unprunedMeans.get(layer);
            int[] numbering = channels.of(layer, current.length);
            double[] values = new double[current.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = target[numbering[j]] - current[j];
            }
            shifts = shifts.append(new BiasShift(layer, numbering, values));
        }
        return shifts;
    }

    /**
     * {@code correctScale()}: per output channel o of each layer of {@code wave}, the scale s_o and shift t_o that
     * give s_o p + t_o the unpruned network's mean and standard deviation over the calibration split (every
     * sample and position), where p is the cut network's output of that channel and u the unpruned one's:
     * s_o = sd(u) / sd(p) and t_o = mean(u) - s_o mean(p). That is correctBias()'s shift plus the scale that undoes
     * a change in the channel's gain. A channel whose cut output runs against the unpruned one (cov(p, u) <= 0),
     * or does not vary, keeps scale 1 (its shift alone): a scale of 0 would leave a constant channel that no finetune
     * can revive (under a training batch norm its gradient is multiplied by 1/sqrt(epsilon); docs/theory.md
     * section 6). Both networks run on the same batches; the sums are in double precision in a fixed order, so a
     * run is repeatable bit for bit.
     */
    private List<BiasShift> fit(Architecture arch, ModelWeights weights, List<String> wave, Channels channels,
                                io.vavr.collection.Map<String, FloatArray> upstream) {
        Map<String, double[][]> sums = new HashMap<>();
        io.vavr.collection.Map<String, FloatArray> fed = ActivationCache.frontier(arch, wave, upstream);
        try (Model cut = Model.forInference(arch, weights);
             Model unpruned = Model.forInference(unprunedArchitecture, unprunedWeights)) {
            for (int from = 0; from < calibration.size(); from += BATCH) {
                int start = from;
                int end = Math.min(calibration.size(), from + BATCH);
                Split batch = calibration.slice(start, end);
                io.vavr.collection.Map<String, FloatArray> p = cut.activations(batch, wave,
                        fed.mapValues(a -> a.rows(start, end)));
                io.vavr.collection.Map<String, FloatArray> u = unpruned.activations(batch, wave);
                for (String layer : wave) {
                    float[] pv = p.get(layer).get().values();
                    float[] uv = u.get(layer).get().values();
                    int width = (int) p.get(layer).get().dim(p.get(layer).get().rank() - 1);
                    int fullWidth = (int) u.get(layer).get().dim(u.get(layer).get().rank() - 1);
                    int[] numbering = channels.of(layer, width);
                    // Per channel: count, sum p, sum u, sum p^2, sum p u, sum u^2.
                    double[][] acc = sums.computeIfAbsent(layer, l -> new double[6][width]);
                    for (int row = 0, full = 0; row < pv.length; row += width, full += fullWidth) {
                        for (int c = 0; c < width; c++) {
                            double a = pv[row + c];
                            double b = uv[full + numbering[c]];
                            acc[0][c] += 1;
                            acc[1][c] += a;
                            acc[2][c] += b;
                            acc[3][c] += a * a;
                            acc[4][c] += a * b;
                            acc[5][c] += b * b;
                        }
                    }
                }
            }
        }
        List<BiasShift> shifts = List.empty();
        for (String layer : wave) {
            double[][] acc = sums.get(layer);
            int width = acc[0].length;
            double[] scales = new double[width];
            double[] values = new double[width];
            for (int c = 0; c < width; c++) {
                double n = acc[0][c];
                double s = scale(n, acc[1][c], acc[3][c], acc[2][c], acc[5][c], acc[4][c]);
                scales[c] = s;
                // s p + t is written as s (p with its old bias) + the value added after scaling the bias.
                values[c] = acc[2][c] / n - s * (acc[1][c] / n);
            }
            shifts = shifts.append(new BiasShift(layer, channels.of(layer, width), values, scales));
        }
        return shifts;
    }

    /** var(p) at or below this fraction of mean(p^2): the channel is taken as constant and keeps scale 1. */
    static final double VARYING = 1e-9;

    /**
     * correctScale()'s scale of one channel from its sums over n values of the cut output p and the unpruned
     * output u: sd(u) / sd(p) where the two vary together (cov(p, u) > 0), else 1, the shift alone. Never 0: a
     * channel scaled to a constant is dead to every later finetune.
     */
    static double scale(double n, double sumP, double sumPP, double sumU, double sumUU, double sumPU) {
        double meanP = sumP / n;
        double meanU = sumU / n;
        double varP = sumPP / n - meanP * meanP;
        double varU = Math.max(0, sumUU / n - meanU * meanU);
        double cov = sumPU / n - meanP * meanU;
        return varP > VARYING * (sumPP / n) && cov > 0 ? Math.sqrt(varU / varP) : 1;
    }

    /**
     * The first of {@code readers} (in execution order) and every later one that none of those taken feeds:
     * one sweep in execution order, marking what the readers taken so far feed.
     */
    static List<String> wave(Architecture arch, List<String> readers) {
        List<String> wave = List.empty();
        java.util.Set<String> fed = new java.util.HashSet<>();
        for (io.winnow.dsl.network.Layer layer : arch.layers()) {
            if (layer.inputs().exists(fed::contains)) {
                fed.add(layer.name());
            } else if (readers.contains(layer.name())) {
                wave = wave.append(layer.name());
                fed.add(layer.name());
            }
        }
        return wave;
    }

    /** The Dense and Conv2D layers outside {@code group} that read its channels, in execution order. */
    static List<String> readers(Architecture arch, ChannelGroup group) {
        java.util.Set<String> reading = new java.util.HashSet<>();
        for (String layer : group.layers()) {
            reading.addAll(arch.consumers(layer).asJava());
        }
        return arch.layers().map(io.winnow.dsl.network.Layer::name)
                .filter(l -> reading.contains(l) && !group.layers().contains(l));
    }

    /**
     * Each layer's mean output per channel (last axis) over {@code split}, summed in double precision, with
     * the outputs in {@code upstream} (each held for the whole split) fed instead of computed.
     */
    static Map<String, double[]> channelMeans(Architecture arch, ModelWeights weights, Seq<String> layers, Split split,
                                              io.vavr.collection.Map<String, FloatArray> upstream) {
        Map<String, double[]> sums = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        io.vavr.collection.Map<String, FloatArray> fed = ActivationCache.frontier(arch, layers, upstream);
        try (Model model = Model.forInference(arch, weights)) {
            for (int from = 0; from < split.size(); from += BATCH) {
                int start = from;
                int end = Math.min(split.size(), from + BATCH);
                io.vavr.collection.Map<String, FloatArray> outputs = model.activations(split.slice(start, end), layers,
                        fed.mapValues(a -> a.rows(start, end)));
                for (String layer : layers) {
                    FloatArray out = outputs.get(layer).get();
                    long[] shape = out.shape();
                    int width = (int) shape[shape.length - 1];
                    double[] sum = sums.computeIfAbsent(layer, l -> new double[width]);
                    float[] v = out.values();
                    // Row by row, so the inner loop is one vector add per row (no division per value).
                    for (int row = 0; row < v.length; row += width) {
                        for (int c = 0; c < width; c++) {
                            sum[c] += v[row + c];
                        }
                    }
                    counts.merge(layer, (long) (v.length / width), Long::sum);
                }
            }
        }
        Map<String, double[]> means = new HashMap<>();
        for (String layer : layers) {
            double[] sum = sums.get(layer);
            double n = counts.get(layer);
            double[] mean = new double[sum.length];
            for (int c = 0; c < sum.length; c++) {
                mean[c] = sum[c] / n;
            }
            means.put(layer, mean);
        }
        return means;
    }

    /** The unpruned numbering of the output channels of every layer cut so far. */
    static final class Channels {
        private final Map<String, int[]> numbering = new HashMap<>();

        /** Layer {@code layer}'s output channels, {@code width} of them now, in the unpruned numbering. */
        int[] of(String layer, int width) {
            int[] known = numbering.get(layer);
            if (known == null) {
                return java.util.stream.IntStream.range(0, width).toArray();
            }
            if (known.length != width) {
                throw new IllegalStateException(layer + " has " + width + " output channels, " + known.length + " known");
            }
            return known;
        }

        /** Records that {@code group} kept channels {@code kept} of its present ones. */
        void narrow(ChannelGroup group, int[] kept) {
            for (String layer : group.layers()) {
                int[] now = of(layer, group.width());
                int[] after = new int[kept.length];
                for (int j = 0; j < kept.length; j++) {
                    after[j] = now[kept[j]];
                }
                numbering.put(layer, after);
            }
        }
    }
}
