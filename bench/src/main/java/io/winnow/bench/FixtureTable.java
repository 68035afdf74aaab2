package io.winnow.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.winnow.common.output.Outputs;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Evaluation;
import io.winnow.engine.model.Split;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import io.winnow.tf.data.DataReader;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.data.Normalisation;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bring-your-own-model table of docs/results.md: for each model (the PyTorch-exported ONNX fixtures
 * and the built-in mobilenetv2) and each recipe, accuracy original → after selection → after finetune,
 * params and FLOPs from the prune run's report.json, and the original's and the pruned model's ONNX
 * exports run in ONNX Runtime: their test accuracy (it must equal what Winnow reported) and their
 * latency at batch 1 and 256. Run by {@code bench/fixtures.sh}, which prunes and exports first.
 *
 * <p>Arguments: the output markdown file, then one {@code model|recipe|PRUNED_DIR|ORIGINAL.onnx|PRUNED.onnx}
 * per row, then optionally {@code --note TEXT} (a paragraph), {@code --title TEXT} (the section's heading) and
 * {@code --script NAME} (the command named as its producer; bench/fixtures.sh unless given).
 */
public final class FixtureTable {

    /**
     * Untimed calls before timing, then timed calls whose median is reported. The original and the pruned
     * file are timed in alternation, call by call, so that a slow spell of this shared machine falls on
     * both alike and the ratio stays fair.
     */
    static final int WARM_UP = 10;
    static final int RUNS = 41;

    private FixtureTable() {
    }

    record Row(String model, String recipe, PruneReport report, Ort original, Ort pruned) {
    }

    /** What ONNX Runtime measures on one exported file. */
    record Ort(double accuracy, double batch1Ms, double batch256Ms, long bytes) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Split test = DataReader.read(DataReader.EMBEDDED, FashionMnist.SAMPLE, FashionMnist.CLASSES, Normalisation.NONE).test();
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String title = "Your own model: ONNX fixtures and mobilenetv2, pruned and served by ONNX Runtime";
        String script = "bench/fixtures.sh";
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--note")) {
                notes.add(args[++i]);
                continue;
            }
            if (args[i].equals("--title")) {
                title = args[++i];
                continue;
            }
            if (args[i].equals("--script")) {
                script = args[++i];
                continue;
            }
            String[] f = args[i].split("\\|");
            PruneReport report = ReportCodec.read(Path.of(f[2]).resolve("report.json"));
            Ort[] both = measure(Path.of(f[3]), Path.of(f[4]), test, threads);
            rows.add(new Row(f[0], f[1], report, both[0], both[1]));
            System.err.println("measured " + f[0] + " " + f[1]);
        }
        StringBuilder md = new StringBuilder();
        md.append("## ").append(title).append("\n\n");
        md.append("Produced by `").append(script).append("` on ").append(LocalDate.now()).append(", ").append(threads)
                .append(" cores, CPU. Each model is pruned by `winnow prune` to half its FLOPs (`select(flops(0.5))`, "
                        + "1024 calibration samples, then 1 epoch of finetune at lr 0.01 with distillation at "
                        + "temperature 4, seed 1), and both the original and the pruned model are exported by "
                        + "`winnow export --format onnx` and run in ONNX Runtime ")
                .append(OrtEnvironment.getEnvironment().getVersion())
                .append(String.format(Locale.ROOT, " (%d intra-op threads; latency is the median of %d calls after %d "
                        + "untimed ones, on the embedded test samples, the original's and the pruned file's calls alternating). \"ORT − Winnow\" is the number of test samples ONNX Runtime "
                        + "classifies correctly with the pruned export minus the number `winnow prune` reported "
                        + "(0: the served file is exactly as accurate as Winnow said).\n\n", threads, RUNS, WARM_UP));
        for (String note : notes) {
            md.append(note).append("\n\n");
        }
        md.append("| model | recipe | top-1 original → after selection → after finetune | ORT top-1 (pruned export) "
                + "| ORT − Winnow | params | FLOPs | ONNX bytes | ORT batch 1 ms | ORT batch 256 ms | speedup at 256 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            PruneReport.Accuracy a = r.report().accuracy();
            double reported = a.afterFinetune().orElse(a.afterSelection()).accuracy();
            PruneReport.Size s = r.report().size();
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %.2f → %.2f → %s | %.2f | %s | %,d → %,d (%.1f%%) | %,d → %,d (%.1f%%) | %,d → %,d | %.3f → %.3f "
                            + "| %.2f → %.2f | %.2fx |\n",
                    r.model(), r.recipe(), 100 * a.original().accuracy(), 100 * a.afterSelection().accuracy(),
                    a.afterFinetune().map(e -> String.format(Locale.ROOT, "%.2f", 100 * e.accuracy())).orElse("—"),
                    100 * r.pruned().accuracy(), String.format(Locale.ROOT, "%+d", Math.round((r.pruned().accuracy() - reported)
                            * a.original().samples())),
                    s.paramsBefore(), s.paramsAfter(), 100.0 * s.paramsAfter() / s.paramsBefore(),
                    s.flopsBefore(), s.flopsAfter(), 100.0 * s.flopsAfter() / s.flopsBefore(),
                    r.original().bytes(), r.pruned().bytes(), r.original().batch1Ms(), r.pruned().batch1Ms(),
                    r.original().batch256Ms(), r.pruned().batch256Ms(), r.original().batch256Ms() / r.pruned().batch256Ms()));
        }
        md.append('\n');
        Outputs.replaceFile(out, md.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(md);
    }

    /** Accuracy, size and latency of the original and the pruned file, their latencies timed in alternation. */
    static Ort[] measure(Path original, Path pruned, Split test, int threads) throws OrtException, java.io.IOException {
        Shape.Image sample = (Shape.Image) test.sampleShape();
        float[] nchw = nchw(test.x(), test.size(), sample);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            try (OrtSession a = env.createSession(original.toString(), options);
                 OrtSession b = env.createSession(pruned.toString(), options)) {
                double[] b1 = medianMs(env, a, b, nchw, 1, sample);
                double[] b256 = medianMs(env, a, b, nchw, Math.min(256, test.size()), sample);
                return new Ort[] {
                    new Ort(accuracy(env, a, nchw, test, sample), b1[0], b256[0], java.nio.file.Files.size(original)),
                    new Ort(accuracy(env, b, nchw, test, sample), b1[1], b256[1], java.nio.file.Files.size(pruned))};
            }
        }
    }

    private static double accuracy(OrtEnvironment env, OrtSession session, float[] nchw, Split test, Shape.Image sample)
            throws OrtException {
        String input = session.getInputNames().iterator().next();
        int classes = test.classes();
        float[] all = new float[test.size() * classes];
        for (int from = 0; from < test.size(); from += 256) {
            int n = Math.min(256, test.size() - from);
            float[][] logits = run(env, session, input, nchw, from, n, sample);
            for (int i = 0; i < n; i++) {
                System.arraycopy(logits[i], 0, all, (from + i) * classes, classes);
            }
        }
        return Evaluation.of(test.name(), all, test.y(), classes).accuracy();
    }

    /** Median milliseconds per call of {@code a} and of {@code b} at this batch, their calls alternating. */
    private static double[] medianMs(OrtEnvironment env, OrtSession a, OrtSession b, float[] nchw, int batch,
                                     Shape.Image sample) throws OrtException {
        String inA = a.getInputNames().iterator().next();
        String inB = b.getInputNames().iterator().next();
        for (int i = 0; i < WARM_UP; i++) {
            run(env, a, inA, nchw, 0, batch, sample);
            run(env, b, inB, nchw, 0, batch, sample);
        }
        double[] msA = new double[RUNS];
        double[] msB = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            run(env, a, inA, nchw, 0, batch, sample);
            long middle = System.nanoTime();
            run(env, b, inB, nchw, 0, batch, sample);
            msA[i] = (middle - start) / 1e6;
            msB[i] = (System.nanoTime() - middle) / 1e6;
        }
        Arrays.sort(msA);
        Arrays.sort(msB);
        return new double[] {msA[RUNS / 2], msB[RUNS / 2]};
    }

    private static float[][] run(OrtEnvironment env, OrtSession session, String input, float[] nchw, int from, int n,
                                 Shape.Image sample) throws OrtException {
        int per = Math.toIntExact(sample.size());
        FloatBuffer buffer = FloatBuffer.wrap(nchw, from * per, n * per).slice();
        try (OnnxTensor x = OnnxTensor.createTensor(env, buffer,
                new long[] {n, sample.channels(), sample.height(), sample.width()});
             OrtSession.Result result = session.run(Map.of(input, x))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** Winnow's channels-last samples in ONNX's channels-first layout. */
    static float[] nchw(float[] nhwc, int n, Shape.Image s) {
        int h = s.height();
        int w = s.width();
        int c = s.channels();
        float[] out = new float[nhwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        out[((i * c + ch) * h + y) * w + x] = nhwc[((i * h + y) * w + x) * c + ch];
                    }
                }
            }
        }
        return out;
    }
}
