package io.winnow.bench;

import io.winnow.common.output.Outputs;
import io.winnow.compare.SweepFile;
import io.winnow.compare.SweepPoint;
import io.winnow.tf.model.CpuKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes docs/results.md from the compare.json files of {@code winnow compare} sweeps (one per model):
 * accuracy after selection and after finetune for every method at every FLOPs target, mean and spread
 * over the seeds, and whether optimizeGamma (and the best of Winnow's recipes) is ahead of the best
 * baseline (magnitude, taylor, random), on the mean and seed by seed. Run by {@code bench/results.sh},
 * which trains the models and runs the sweeps first.
 *
 * <p>Arguments: the output file, then {@code model=DIR} for each sweep, each followed by {@code --note TEXT}
 * saying how that model was made and swept, and {@code --append FILE} markdown appended as it is (an
 * analysis with its own provenance). The file keeps one section per model between markers: the models named
 * are rewritten, the others are kept as they were.
 */
public final class Results {

    /** The recipe whose rows are compared with the others: the paper's method with default options. */
    static final String METHOD = "optimizeGamma";
    /**
     * The recipes that are baselines; every other recipe of a sweep is one of Winnow's. taylorCorrectBias
     * is taylor with Winnow's bias correction: swept where it is affordable, so the correction's gain is
     * not credited to the selection method.
     */
    static final Set<String> BASELINES = Set.of("magnitude", "taylor", "random", "taylorCorrectBias");
    /** "Within" the best baseline, in points: the tolerance for a tie. */
    static final double TIE = 0.5;

    private Results() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Map<String, SweepFile> sweeps = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        List<Path> readings = new ArrayList<>();
        String last = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--note")) {
                if (last == null) {
                    throw new IllegalArgumentException("--note must follow the model=DIR it describes");
                }
                notes.merge(last, args[++i], (a, b) -> a + " " + b);
            } else if (args[i].equals("--append")) {
                readings.add(Path.of(args[++i]));
            } else {
                String[] kv = args[i].split("=", 2);
                last = kv[0];
                sweeps.put(kv[0], SweepFile.read(Path.of(kv[1]).resolve(SweepFile.NAME)));
            }
        }
        String previous = java.nio.file.Files.exists(out) ? java.nio.file.Files.readString(out, StandardCharsets.UTF_8) : "";
        Map<String, String> sections = sections(previous);
        for (Map.Entry<String, SweepFile> e : sweeps.entrySet()) {
            StringBuilder section = new StringBuilder();
            model(section, e.getKey(), e.getValue(), String.format(Locale.ROOT, "Swept on %s, %d cores, CPU (%s). %s",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), CpuKind.describe(),
                    notes.getOrDefault(e.getKey(), "")));
            sections.put(e.getKey(), section(e.getKey(), section.toString()));
        }
        StringBuilder md = new StringBuilder();
        md.append("# Results: selection methods against the baselines, at every FLOPs budget\n\n");
        md.append("Produced by `bench/results.sh` from `winnow compare` sweeps (their compare.json and compare.html "
                + "are under `target/results/`). There is one section per model; `bench/results.sh MODEL...` "
                + "rewrites the sections of the models it sweeps and keeps the others, so each section says when "
                + "and how it was swept. Sections swept on CPUs of other vector widths compare only roughly: "
                + "TensorFlow's kernels round float32 sums differently on AVX2 and AVX-512 from the first training "
                + "step on, so the same seeded `winnow train` gives other weights (mobilenetv2: 80.15 % unpruned "
                + "top-1 on AVX-512, 81.05 % on AVX2), and `winnow compare --resume-from` refuses to mix their "
                + "points.\n\n");
        md.append("Every method is one recipe: the method, 1024 calibration samples, a FLOPs budget set by `--flops`, "
                + "then the same finetune (1 epoch, lr 0.01, distillation from the original at temperature 4; "
                + "with gradient clipping `clip(1.0)` on the ONNX fixtures). "
                + "Accuracy is test top-1 in %, mean ± standard deviation over the seeds (the seed draws the "
                + "calibration samples and the finetune's order). \"FLOPs kept\" is the measured fraction, mean over "
                + "methods and seeds. The baselines are magnitude, taylor and random, and where a section has it "
                + "taylorCorrectBias (taylor with the same `correctBias()`, so that the correction's gain is not "
                + "credited to the selection method); optimizeGamma, originalTarget, "
                + "fixedGamma, correctBias (optimizeGamma with `correctBias()`, docs/recipes.md; in the sections "
                + "swept since it exists) and correctScale (optimizeGamma with `correctScale()`, local imitation's "
                + "default from recipe version 3; likewise) are Winnow's recipes.\n\n");
        sections.values().forEach(block -> md.append(block).append('\n'));
        for (Path reading : readings) {
            md.append(java.nio.file.Files.readString(reading, StandardCharsets.UTF_8)).append('\n');
        }
        md.append(fixtureBlock(out));
        Outputs.replaceFile(out, md.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(md);
    }

    /** The start of a model's section; the model's name follows it, then {@code " -->"}. */
    static final String SECTION_BEGIN = "<!-- results: ";
    /** The end of a model's section. */
    static final String SECTION_END = "<!-- /results -->";

    /** A model's section between its markers, as {@link #sections} reads it back. */
    static String section(String model, String body) {
        return SECTION_BEGIN + model + " -->\n" + body.stripTrailing() + "\n" + SECTION_END + "\n";
    }

    /** The model sections of a previous results.md, markers included, by model, in the file's order. */
    static Map<String, String> sections(String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        int from = text.indexOf(SECTION_BEGIN);
        while (from >= 0) {
            int nameEnd = text.indexOf(" -->", from);
            int to = text.indexOf(SECTION_END, from);
            if (nameEnd < 0 || to < 0) {
                throw new IllegalStateException("a model section opened at character " + from
                        + " is not closed by " + SECTION_END);
            }
            sections.put(text.substring(from + SECTION_BEGIN.length(), nameEnd),
                    text.substring(from, to + SECTION_END.length()) + "\n");
            from = text.indexOf(SECTION_BEGIN, to);
        }
        return sections;
    }

    /** The block bench/fixtures.sh wrote into the file, kept as it is (its own provenance), or nothing. */
    static String fixtureBlock(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            return "";
        }
        String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        int from = text.indexOf(FIXTURES_BEGIN);
        int to = text.indexOf(FIXTURES_END);
        return from < 0 || to < from ? "" : "\n" + text.substring(from, to + FIXTURES_END.length()) + "\n";
    }

    /** The markers around bench/fixtures.sh's table. */
    static final String FIXTURES_BEGIN = "<!-- fixtures: bench/fixtures.sh -->";
    static final String FIXTURES_END = "<!-- /fixtures -->";

    /** Columns in a fixed order: Winnow's recipes, then the baselines; a recipe not named here goes last. */
    private static final List<String> COLUMNS = List.of("optimizeGamma", "correctBias", "correctScale", "originalTarget",
            "fixedGamma", "magnitude", "taylor", "taylorCorrectBias", "random");

    private static int column(String recipe) {
        int at = COLUMNS.indexOf(recipe);
        return at < 0 ? COLUMNS.size() : at;
    }

    /** x of a flops(x) budget; a budget of another kind sorts last. */
    private static double fraction(String budget) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("flops\\(([0-9.]+)\\)").matcher(budget);
        return m.matches() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static void model(StringBuilder md, String name, SweepFile sweep, String provenance) {
        List<SweepPoint> ok = sweep.points().stream().filter(p -> !p.failed()).toList();
        List<SweepPoint> failed = sweep.points().stream().filter(SweepPoint::failed).toList();
        Set<String> methods = new LinkedHashSet<>();
        Set<String> budgets = new LinkedHashSet<>();
        sweep.points().stream().map(SweepPoint::recipe).sorted(java.util.Comparator.comparingInt(Results::column))
                .forEach(methods::add);
        // Widest budget first, whatever order the sweep ran them in (a resumed sweep adds budgets at its end).
        sweep.points().stream().map(SweepPoint::budget)
                .sorted(java.util.Comparator.comparingDouble(Results::fraction).reversed()).forEach(budgets::add);
        md.append("## ").append(name).append("\n\n").append(provenance.strip()).append("\n\n");
        if (ok.isEmpty()) {
            md.append("No point of the sweep finished.\n\n");
            return;
        }
        SweepPoint any = ok.get(0);
        md.append(String.format(Locale.ROOT, "`%s` on %s: %,d params, %,d FLOPs per sample; unpruned test top-1 %.2f%%. "
                        + "%d points, %d seed(s).%n%n", sweep.model(), sweep.data(), any.paramsBefore(), any.flopsBefore(),
                100 * any.accuracyOriginal(), sweep.points().size(),
                ok.stream().mapToLong(SweepPoint::seed).distinct().count()));
        for (boolean finetuned : new boolean[] {false, true}) {
            md.append(finetuned ? "**After finetune**\n\n" : "**After selection, before finetune**\n\n");
            md.append("| FLOPs target | FLOPs kept |");
            methods.forEach(m -> md.append(' ').append(m).append(" |"));
            md.append(" ").append(METHOD).append(" − best baseline | best Winnow recipe − best baseline |\n|---|---|");
            methods.forEach(m -> md.append("---|"));
            md.append("---|---|\n");
            for (String budget : budgets) {
                md.append("| ").append(budget).append(" | ");
                md.append(String.format(Locale.ROOT, "%.0f%%", 100 * mean(ok.stream().filter(p -> p.budget().equals(budget))
                        .mapToDouble(SweepPoint::flopsFraction).toArray()))).append(" |");
                Map<String, double[]> accuracy = accuracies(ok, methods, budget, finetuned);
                accuracy.values().forEach(values -> md.append(' ').append(values.length == 0 ? "failed"
                        : String.format(Locale.ROOT, "%.2f ± %.2f", mean(values), sd(values))).append(" |"));
                md.append(' ').append(margin(accuracy, METHOD).map(Margin::cell).orElse("-")).append(" |");
                md.append(' ').append(bestOurs(accuracy).flatMap(m -> margin(accuracy, m)).map(Margin::cellNamed)
                        .orElse("-")).append(" |\n");
            }
            md.append('\n');
        }
        statements(md, ok, methods, budgets);
        if (!failed.isEmpty()) {
            md.append("Failed points (recorded by compare, the sweep went on):\n\n");
            failed.forEach(p -> md.append("- ").append(p.recipe()).append(' ').append(p.budget()).append(" seed ")
                    .append(p.seed()).append(": ").append(p.error().orElse("")).append('\n'));
            md.append('\n');
        }
    }

    /** Test top-1 in % of every method's points at one budget, method by method (empty where all failed). */
    private static Map<String, double[]> accuracies(List<SweepPoint> ok, Set<String> methods, String budget,
                                                    boolean finetuned) {
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        for (String m : methods) {
            accuracy.put(m, ok.stream().filter(p -> p.budget().equals(budget) && p.recipe().equals(m))
                    .mapToDouble(p -> 100 * (finetuned ? p.finalAccuracy() : p.accuracyAfterSelection())).toArray());
        }
        return accuracy;
    }

    /**
     * One of Winnow's recipes' mean minus the best baseline's mean, in points.
     *
     * @param method   the Winnow recipe
     * @param points   the difference of the means
     * @param baseline the baseline with the highest mean
     */
    private record Margin(String method, double points, String baseline) {

        /** The table's cell: "+0.70 (vs taylor)". */
        String cell() {
            return String.format(Locale.ROOT, "%+.2f (vs %s)", points, baseline);
        }

        /** The cell naming the Winnow recipe too: "originalTarget +0.70 (vs taylor)". */
        String cellNamed() {
            return method + " " + cell();
        }

        /** Ahead by the sign as the table prints it, so the sentence never contradicts the cell. */
        boolean ahead() {
            return !cell().startsWith("-");
        }
    }

    private static Optional<Margin> margin(Map<String, double[]> accuracy, String method) {
        double[] ours = accuracy.get(method);
        Optional<String> best = best(accuracy, true);
        if (ours == null || ours.length == 0 || best.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Margin(method, mean(ours) - mean(accuracy.get(best.get())), best.get()));
    }

    /** The Winnow recipe with the highest mean. */
    private static Optional<String> bestOurs(Map<String, double[]> accuracy) {
        return best(accuracy, false);
    }

    /** The baseline (or the Winnow recipe) with the highest mean. */
    private static Optional<String> best(Map<String, double[]> accuracy, boolean baseline) {
        String best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : accuracy.entrySet()) {
            if (BASELINES.contains(e.getKey()) == baseline && e.getValue().length > 0 && mean(e.getValue()) > bestMean) {
                bestMean = mean(e.getValue());
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Seeds at one budget where {@code method} is ahead of, or within {@link #TIE} of, that seed's best baseline. */
    private static String perSeed(List<SweepPoint> ok, String method, String budget, boolean finetuned) {
        java.util.function.ToDoubleFunction<SweepPoint> acc = p -> 100 * (finetuned ? p.finalAccuracy()
                : p.accuracyAfterSelection());
        List<Long> seeds = ok.stream().filter(p -> p.budget().equals(budget) && p.recipe().equals(method))
                .map(SweepPoint::seed).distinct().sorted().toList();
        StringBuilder shortfalls = new StringBuilder();
        int held = 0;
        for (long seed : seeds) {
            double ours = ok.stream().filter(p -> p.budget().equals(budget) && p.recipe().equals(method)
                    && p.seed() == seed).mapToDouble(acc).max().orElse(Double.NaN);
            double base = ok.stream().filter(p -> p.budget().equals(budget) && BASELINES.contains(p.recipe())
                    && p.seed() == seed).mapToDouble(acc).max().orElse(Double.NaN);
            if (ours >= base - TIE) {
                held++;
            } else {
                shortfalls.append(String.format(Locale.ROOT, "%sseed %d by %.2f", shortfalls.isEmpty() ? "" : ", ",
                        seed, base - ours));
            }
        }
        return String.format(Locale.ROOT, "ahead or within %.1f on %d of %d seeds%s", TIE, held, seeds.size(),
                shortfalls.isEmpty() ? "" : " (behind on " + shortfalls + ")");
    }

    /** The claims the issue asks for, in words, with the numbers. */
    private static void statements(StringBuilder md, List<SweepPoint> ok, Set<String> methods, Set<String> budgets) {
        double original = 100 * ok.get(0).accuracyOriginal();
        for (String budget : budgets) {
            for (boolean finetuned : new boolean[] {false, true}) {
                Map<String, double[]> accuracy = accuracies(ok, methods, budget, finetuned);
                Optional<Margin> margin = margin(accuracy, METHOD);
                if (margin.isEmpty()) {
                    continue;
                }
                double below = original - mean(accuracy.get(METHOD));
                md.append(String.format(Locale.ROOT, "- %s, %s: %s is %s the best baseline (%s) by %.2f points, %s%s.",
                        budget, finetuned ? "after finetune" : "before finetune", METHOD,
                        margin.get().ahead() ? "ahead of" : "**behind**", margin.get().baseline(),
                        Math.abs(margin.get().points()), perSeed(ok, METHOD, budget, finetuned), !finetuned ? ""
                                : below >= 0 ? String.format(Locale.ROOT, "; %.2f points below the unpruned model", below)
                                : String.format(Locale.ROOT, "; %.2f points above the unpruned model", -below)));
                bestOurs(accuracy).filter(m -> !m.equals(METHOD)).flatMap(m -> margin(accuracy, m)).ifPresent(best ->
                        md.append(String.format(Locale.ROOT, " The best Winnow recipe here, %s, is %s it by %.2f points.",
                                best.method(), best.ahead() ? "ahead of" : "**behind**", Math.abs(best.points()))));
                md.append('\n');
            }
        }
        md.append('\n');
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    static double sd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
