package io.winnow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.RecipeText;
import io.winnow.proofs.Certificate;
import io.winnow.report.ReportCodec;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import io.winnow.engine.select.SelectionStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tamper suite of {@code winnow verify}: a real, good report from a tiny prune run (the mlp
 * 16-12 on the embedded data, two optimizeGamma layers at ratio 0.5), then one kind of tampering at a
 * time on a fresh copy of its directory. Each must fail verification (exit 1, or 2 where the file is
 * no longer a readable report), except the few that offline verify cannot see, which are named as
 * full-mode-only and asserted to pass offline so the full mode's test can pick them up.
 */
class VerifyTamperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path good;
    private static Path other;
    private static Path model;

    @BeforeAll
    static void pruneATinyModelTwice() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path recipe = Files.writeString(shared.resolve("p.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(5)\n");
        good = GoodReports.prune(recipe, model, shared.resolve("pruned"));
        Path otherRecipe = Files.writeString(shared.resolve("q.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(6)\n");
        other = GoodReports.prune(otherRecipe, model, shared.resolve("other"));
    }

    /** How a case ends: exit 1 (a finding), 2 (unreadable) or 0 (offline cannot tell: full mode only). */
    enum Expect { FAILS, UNREADABLE, FULL_MODE_ONLY }

    @FunctionalInterface
    interface Edit {
        /** Edits the report tree and/or the files of {@code dir}; returns the path to verify. */
        Path apply(ObjectNode report, Path dir) throws IOException;
    }

    record Tamper(String name, Expect expect, Edit edit) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tamper fails(String name, Json edit) {
        return new Tamper(name, Expect.FAILS, (r, dir) -> {
            edit.apply(r);
            return dir;
        });
    }

    private static Tamper unreadable(String name, Json edit) {
        return new Tamper(name, Expect.UNREADABLE, (r, dir) -> {
            edit.apply(r);
            return dir;
        });
    }

    @FunctionalInterface
    interface Json {
        void apply(ObjectNode report) throws IOException;
    }

    private static ObjectNode node(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        assertThat(n.isObject()).as("the good report has an object at %s", pointer).isTrue();
        return (ObjectNode) n;
    }

    private static ArrayNode array(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        assertThat(n.isArray()).as("the good report has a list at %s", pointer).isTrue();
        return (ArrayNode) n;
    }

    private static final String L0 = "/layers/0";
    private static final String SEL = L0 + "/selection";
    private static final String CERT = L0 + "/certificate";
    private static final String T4 = "/theorem4";

    static Stream<Tamper> tampers() {
        return Stream.of(
                // issue 9's cases
                fails("one step raises the loss (Lemma 3 violated)", r -> {
                    ObjectNode step = node(r, SEL + "/steps/3");
                    step.put("lossAfter", step.get("lossBefore").asDouble() * 2);
                }),
                fails("rule relabelled fixedGamma", r -> node(r, SEL).put("rule", "fixedGamma")),
                fails("imitation relabelled global", r -> node(r, L0).put("imitation", "global")),
                fails("target relabelled originalActivations", r -> node(r, SEL).put("target", "originalActivations")),
                fails("relabelled as a whole: fixedGamma, global, originalActivations, no certificate", r -> {
                    node(r, SEL).put("rule", "fixedGamma").put("target", "originalActivations");
                    node(r, L0).put("imitation", "global");
                    ObjectNode cert = node(r, L0).putObject("certificate");
                    cert.put("applies", false).put("why", "global imitation has no r_k, D_k");
                }),
                fails("steps removed", r -> array(r, SEL + "/steps").removeAll()),
                fails("selection removed", r -> node(r, L0).remove("selection")),
                fails("certificate holds set to false with a forged violation", r -> {
                    node(r, CERT).put("holds", false);
                    array(r, CERT + "/violations").add("fc1 step 2: Lemma 3: L_{k+1} <= (1 - r_k^2/D_k^2) L_k "
                            + "violated: 1.0 > 0.5 + 1.0E-10");
                }),
                fails("theorem4 holds set to false", r -> node(r, T4).put("holds", false)),
                fails("a Theorem 4 sample raised 100x with its slack inflated to 1e9", r -> {
                    ArrayNode lhs = array(r, T4 + "/lhs");
                    lhs.set(7, lhs.get(7).asDouble() * 100);
                    array(r, T4 + "/slack").set(7, 1e9);
                }),
                fails("lhs, rhs and slack emptied", r -> {
                    array(r, T4 + "/lhs").removeAll();
                    array(r, T4 + "/rhs").removeAll();
                    array(r, T4 + "/slack").removeAll();
                }),
                fails("lhs alone emptied", r -> array(r, T4 + "/lhs").removeAll()),
                fails("slack alone emptied", r -> array(r, T4 + "/slack").removeAll()),
                unreadable("an entry null", r -> node(r, SEL + "/steps/0").putNull("gamma")),
                fails("kept shortened", r -> {
                    array(r, L0 + "/kept").remove(array(r, L0 + "/kept").size() - 1);
                    array(r, L0 + "/multipliers").remove(array(r, L0 + "/multipliers").size() - 1);
                    node(r, L0).put("widthAfter", node(r, L0).get("widthAfter").asInt() - 1);
                }),
                fails("a multiplier doubled", r -> {
                    ArrayNode m = array(r, L0 + "/multipliers");
                    m.set(0, m.get(0).asDouble() * 2);
                }),
                // the step rule's invariants
                fails("gamma outside U_i", r -> node(r, SEL + "/steps/2").put("gamma", 1.5)),
                fails("away flag flipped", r -> {
                    ObjectNode step = node(r, SEL + "/steps/2");
                    step.put("away", !step.get("away").asBoolean());
                }),
                fails("support after a step forged", r -> {
                    ObjectNode step = node(r, SEL + "/steps/2");
                    step.put("support", step.get("support").asInt() + 1);
                }),
                fails("start neuron changed", r -> {
                    ObjectNode sel = node(r, SEL);
                    sel.put("start", (sel.get("start").asInt() + 1) % 16);
                }),
                fails("a step index skipped", r -> node(r, SEL + "/steps/2").put("k", 5)),
                fails("a neuron out of range", r -> node(r, SEL + "/steps/2").put("neuron", 99)),
                fails("the loss chain broken (lossBefore of one step)", r -> {
                    ObjectNode step = node(r, SEL + "/steps/4");
                    step.put("lossBefore", step.get("lossBefore").asDouble() * 1.01);
                }),
                fails("finalLoss forged lower", r -> {
                    ObjectNode sel = node(r, SEL);
                    sel.put("finalLoss", sel.get("finalLoss").asDouble() / 2);
                }),
                fails("the last step removed from the record", r -> {
                    ArrayNode steps = array(r, SEL + "/steps");
                    steps.remove(steps.size() - 1);
                }),
                // the certificate
                fails("certificate finalBound forged", r -> {
                    ObjectNode c = node(r, CERT);
                    c.put("finalBound", c.get("finalBound").asDouble() / 2);
                }),
                fails("a Lemma 3 verdict forged", r -> array(r, CERT + "/lemma3").set(0, "VIOLATED")),
                fails("certificate said not to apply", r -> {
                    ObjectNode cert = node(r, L0).putObject("certificate");
                    cert.put("applies", false).put("why", "no reason");
                }),
                // the labels of the plan
                fails("stage relabelled", r -> node(r, L0).put("stage", "globalImitation/optimizeGamma")),
                fails("a bestOf comparison added to a local layer", r -> node(r, L0).putObject("bestOf")
                        .put("localLoss", 1.0).put("globalLoss", 2.0).put("winner", "local")),
                fails("a budget search added", r -> node(r, L0).putObject("budget").put("budget", "flops")
                        .put("fraction", 0.5).put("by", "ratio").put("setting", 0.5).put("flopsOriginal", 1)
                        .put("flopsPlanned", 1).put("plannedFraction", 1.0).put("width", 8)),
                fails("recipe hash forged", r -> node(r, "/recipe").put("hash", "0".repeat(64))),
                fails("recipe text changed (ratio 0.25) with its hash recomputed", r -> {
                    String text = r.at("/recipe/text").asText().replace("ratio(0.5)", "ratio(0.25)");
                    node(r, "/recipe").put("text", text).put("hash",
                            RecipeText.hash(RecipeText.parse(text, "t").get().recipe()));
                }),
                fails("original architecture changed", r -> node(r, "/model").put("architecture",
                        r.at("/model/architecture").asText().replaceFirst("\"units\" : 16", "\"units\" : 20"))),
                // Theorem 4
                fails("theorem4 violation count forged", r -> node(r, T4).put("violations", 3)),
                fails("theorem4 meanBound forged", r -> node(r, T4).put("meanBound", r.at(T4 + "/meanBound")
                        .asDouble() * 2)),
                fails("theorem4 tightness median forged", r -> node(r, T4 + "/tightness").put("median", 0.01)),
                fails("theorem4 histogram forged", r -> {
                    ArrayNode h = array(r, T4 + "/tightness/histogram");
                    h.set(0, h.get(0).asInt() + 1);
                }),
                fails("relativeSlack inflated and every slack recomputed from it", r -> {
                    node(r, T4).put("relativeSlack", 1.0);
                    ArrayNode slack = array(r, T4 + "/slack");
                    for (int s = 0; s < slack.size(); s++) {
                        slack.set(s, r.at(T4 + "/rhs/" + s).asDouble()
                                + r.at(T4 + "/logitSlack").asDouble() * r.at(T4 + "/logitNorms/" + s).asDouble());
                    }
                }),
                fails("one rhs inflated (mean bound and blocks then disagree)", r -> {
                    ArrayNode rhs = array(r, T4 + "/rhs");
                    rhs.set(3, rhs.get(3).asDouble() * 10);
                }),
                fails("theorem4 sample count changed", r -> node(r, T4).put("samples", 255)),
                // sizes
                fails("paramsAfter forged", r -> node(r, "/size").put("paramsAfter", 1000)),
                fails("flopsFraction forged", r -> node(r, "/size").put("flopsFraction", 0.1)),
                fails("a width after forged", r -> node(r, "/size/widths/0").put("after", 4)),
                fails("accuracy not a count over the split", r -> node(r, "/accuracy/afterSelection")
                        .put("accuracy", 0.123456)),
                // the files beside the report
                new Tamper("report put beside a different model", Expect.FAILS, (r, dir) -> {
                    Path elsewhere = Files.createDirectories(dir.resolveSibling("elsewhere"));
                    copyTree(other, elsewhere);
                    return elsewhere;
                }),
                new Tamper("a model file edited", Expect.FAILS, (r, dir) -> {
                    Path pb = dir.resolve("saved_model.pb");
                    byte[] bytes = Files.readAllBytes(pb);
                    bytes[bytes.length / 2] ^= 1;
                    Files.write(pb, bytes);
                    return dir;
                }),
                fails("the pruned model's total bytes forged", r -> node(r, "/digests").put("prunedModelBytes",
                        r.at("/digests/prunedModelBytes").asLong() / 2)),
                new Tamper("an unrecorded file added to the model", Expect.FAILS, (r, dir) -> {
                    Files.writeString(dir.resolve("variables/extra.data"), "x");
                    return dir;
                }),
                new Tamper("a model file removed", Expect.FAILS, (r, dir) -> {
                    Files.delete(dir.resolve("saved_model.pb"));
                    return dir;
                }),
                // unreadable
                new Tamper("not JSON", Expect.UNREADABLE, (r, dir) -> {
                    Files.writeString(dir.resolve("report.json.txt"), "{ not json");
                    return dir.resolve("report.json.txt");
                }),
                unreadable("another format", r -> r.put("format", "winnow-report/1")),
                unreadable("an unknown field", r -> node(r, L0).put("trustMe", true)),
                unreadable("a required field removed", r -> node(r, T4).remove("logitNorms")),
                new Tamper("a directory without report.json", Expect.UNREADABLE, (r, dir) -> {
                    Files.delete(dir.resolve("report.json"));
                    return dir;
                }),
                new Tamper("a file over the codec's limit", Expect.UNREADABLE, (r, dir) -> {
                    Path big = dir.resolve("big.json");
                    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                        f.setLength(ReportCodec.MAX_BYTES + 1); // sparse: nothing is written
                    }
                    return big;
                }),
                // what offline cannot see
                new Tamper("a recorded accuracy raised (full mode only)", Expect.FULL_MODE_ONLY, (r, dir) -> {
                    ObjectNode e = node(r, "/accuracy/afterSelection");
                    int samples = e.get("samples").asInt();
                    long correct = Math.round(e.get("accuracy").asDouble() * samples);
                    e.put("accuracy", (double) Math.min(samples, correct + samples / 10) / samples);
                    return dir;
                }),
                new Tamper("every loss scaled by 0.1 consistently (full mode only)", Expect.FULL_MODE_ONLY,
                        (r, dir) -> {
                            for (JsonNode layer : r.get("layers")) {
                                scaleLosses((ObjectNode) layer, 0.1);
                            }
                            return dir;
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampers")
    void verifyCatchesTampering(Tamper tamper) throws IOException {
        Path dir = tmp.resolve("case");
        copyTree(good, dir);
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("report.json")));
        Path target = tamper.edit().apply(report, dir);
        if (Files.exists(dir.resolve("report.json"))) {
            Files.writeString(dir.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            if (!target.equals(dir) && Files.isDirectory(target)) {
                Files.copy(dir.resolve("report.json"), target.resolve("report.json"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        CliRun run = verify(target.toString());
        assertThat(run.out() + run.err()).as(tamper.name()).doesNotContain("\tat ", "Exception", "jackson");
        switch (tamper.expect()) {
            case FAILS -> {
                assertThat(run.exit()).as(tamper.name() + "\n" + run.out() + run.err()).isEqualTo(1);
                assertThat(run.out()).contains("FAILED $.");
            }
            case UNREADABLE -> {
                assertThat(run.exit()).as(tamper.name() + "\n" + run.out() + run.err()).isEqualTo(2);
                assertThat(run.err().strip()).as("one line").doesNotContain("\n").startsWith("winnow verify: ");
            }
            case FULL_MODE_ONLY -> {
                assertThat(run.exit()).as(tamper.name() + "\n" + run.out() + run.err()).isZero();
                CliRun full = verify(target.toString(), "--model", model.toString(), "--data", "embedded");
                assertThat(full.exit()).as(tamper.name() + " in full mode\n" + full.out() + full.err()).isEqualTo(1);
                assertThat(full.out()).contains("FAILED $.");
            }
        }
    }

    @Test
    void theUntouchedReportIsReDerivedInFullMode() {
        CliRun run = verify(good.toString(), "--model", model.toString(), "--data", "embedded");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("is re-derived from " + model);
        // Without --data the run's own data, as recorded, not the installed full Fashion-MNIST.
        CliRun recorded = verify(good.toString(), "--model", model.toString());
        assertThat(recorded.exit()).as(recorded.out() + recorded.err()).isZero();
        assertThat(recorded.out()).contains("full mode: data as report.json records it, the embedded Fashion-MNIST subset",
                "is re-derived from " + model);
    }

    @Test
    void aRecordedBiasShiftThatTheRerunDoesNotMakeFailsInFullMode() throws IOException {
        Path out = correctedRun("correctBias()", "corrected");
        editClassifierCorrection(out, "values", v -> v + 0.5);
        assertThat(verify(out.toString()).exit()).as("offline verify cannot tell").isZero();
        CliRun full = verify(out.toString(), "--model", model.toString(), "--data", "embedded");
        assertThat(full.exit()).as(full.out() + full.err()).isEqualTo(1);
        assertThat(full.out()).contains("FAILED $.layers[1].biasShifts[0].values[3]: recorded ",
                "FAILED $.digests.selectedWeights: recorded ");
    }

    @Test
    void aRecordedScaleThatTheRerunDoesNotMakeFailsInFullMode() throws IOException {
        Path out = correctedRun("correctScale()", "scaled");
        editClassifierCorrection(out, "scales", v -> v * 1.5);
        CliRun full = verify(out.toString(), "--model", model.toString(), "--data", "embedded");
        assertThat(full.exit()).as(full.out() + full.err()).isEqualTo(1);
        assertThat(full.out()).contains("FAILED $.layers[1].biasShifts[0].scales[3]: recorded ",
                "FAILED $.digests.selectedWeights: recorded ");
    }

    /** A run of {@code localImitation().select(ratio(0.5)).CORRECTION.calibration(256).seed(5)}, re-derived untouched. */
    private Path correctedRun(String correction, String dir) throws IOException {
        Path recipe = Files.writeString(tmp.resolve(dir + ".recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5))." + correction + ".calibration(256).seed(5)\n");
        Path out = GoodReports.prune(recipe, model, tmp.resolve(dir));
        CliRun untouched = verify(out.toString(), "--model", model.toString(), "--data", "embedded");
        assertThat(untouched.exit()).as(untouched.out() + untouched.err()).isZero();
        return out;
    }

    /**
     * Edits entry 3 of {@code field} of the classifier's correction in {@code out}'s report.json: the classifier is
     * corrected after fc2 is cut, and its 10 outputs are never pruned, so the correction stays in the model.
     */
    private static void editClassifierCorrection(Path out, String field, java.util.function.DoubleUnaryOperator edit)
            throws IOException {
        Path file = out.resolve("report.json");
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(file));
        ArrayNode values = (ArrayNode) report.path("layers").path(1).path("biasShifts").path(0).path(field);
        assertThat(values.size()).isEqualTo(10);
        values.set(3, edit.applyAsDouble(values.get(3).asDouble()));
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    @Test
    void fullModeAgainstAnotherOriginalModelFailsNamingTheFile() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        Path another = tmp.resolve("another");
        ModelStore.save(mlp, ModelWeights.init(mlp, 4), another, false);
        CliRun run = verify(good.toString(), "--model", another.toString(), "--data", "embedded");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED $.model.files: the model given is not the recorded original");
    }

    @Test
    void theUntouchedReportVerifiesWithASummary() {
        CliRun run = verify(good.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("verifies offline", "2 layer(s) labelled", "certificates: 2 recomputed",
                "Theorem 4: 256 sample verdict(s)", "not checked offline");
        assertThat(verify(good.resolve("report.json").toString()).exit()).isZero();
    }

    @Test
    void theSuiteHasMoreThanThirtyKindsOfTamperingEachNamedOnce() {
        List<String> names = tampers().map(Tamper::name).toList();
        assertThat(names).hasSizeGreaterThan(30).doesNotHaveDuplicates();
    }

    @Test
    void aFindingNamesThePathTheRecordedAndTheRecomputedValue() throws IOException {
        Path dir = tmp.resolve("case");
        copyTree(good, dir);
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("report.json")));
        node(report, SEL).put("rule", "fixedGamma");
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(report));
        CliRun run = verify(dir.toString());
        assertThat(run.out()).contains(
                "FAILED $.layers[0].selection.rule: recorded fixedGamma, the recipe's plan says optimizeGamma");
    }

    /** Scales every loss of a layer's record by f and recomputes its certificate as a forger would. */
    private static void scaleLosses(ObjectNode layer, double f) {
        ObjectNode sel = (ObjectNode) layer.get("selection");
        for (String field : new String[] {"emptyLoss", "lossScale", "initialLoss", "finalLoss"}) {
            sel.put(field, sel.get(field).asDouble() * f);
        }
        List<SelectionStep> steps = new ArrayList<>();
        for (JsonNode s : sel.get("steps")) {
            ObjectNode step = (ObjectNode) s;
            step.put("lossBefore", step.get("lossBefore").asDouble() * f);
            step.put("lossAfter", step.get("lossAfter").asDouble() * f);
            // r_k and D_k are lengths: they scale with sqrt(f), so r_k / D_k stays as it was.
            step.put("margin", step.get("margin").asDouble() * Math.sqrt(f));
            step.put("diameter", step.get("diameter").asDouble() * Math.sqrt(f));
            steps.add(new SelectionStep(step.get("k").asInt(), step.get("neuron").asInt(), step.get("gamma").asDouble(),
                    step.get("lossBefore").asDouble(), step.get("lossAfter").asDouble(), step.get("margin").asDouble(),
                    step.get("diameter").asDouble(), step.get("away").asBoolean(), step.get("support").asInt(),
                    step.get("polish").asBoolean(), face(step.get("face"))));
        }
        JsonNode gfs = sel.get("gfsComparison");
        if (gfs != null) {
            for (String field : new String[] {"pathLoss", "gfsLoss", "gfsFaceLoss"}) {
                ((ObjectNode) gfs).put(field, gfs.get(field).asDouble() * f);
            }
            if (!gfs.get("gfsFaceKept").asBoolean()) {
                ((ObjectNode) gfs).put("pathLoss", steps.get(steps.size() - 1).lossAfter());
                sel.put("finalLoss", steps.get(steps.size() - 1).lossAfter());
            }
        } else {
            sel.put("finalLoss", steps.isEmpty() ? sel.get("initialLoss").asDouble()
                    : steps.get(steps.size() - 1).lossAfter());
        }
        Certificate c = Certificate.of("x", sel.get("initialLoss").asDouble(), steps, sel.get("finalLoss").asDouble(),
                sel.get("lossScale").asDouble(), sel.get("dimension").asLong(), OptionalDouble.empty());
        ObjectNode cert = (ObjectNode) layer.get("certificate");
        cert.put("holds", c.holds()).put("initialLoss", c.initialLoss()).put("finalLoss", sel.get("finalLoss").asDouble())
                .put("finalBound", c.finalBound());
        ArrayNode bounds = cert.putArray("bounds");
        c.entries().forEach(e -> bounds.add(e.bound()));
    }

    private static CliRun verify(String target, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "verify";
        args[1] = target;
        System.arraycopy(options, 0, args, 2, options.length);
        return CliRun.winnow(args);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A face step's weights as report.json records them; scaling the losses leaves them as they are. */
    private static java.util.Optional<SelectionStep.Face> face(JsonNode face) {
        if (face == null) {
            return java.util.Optional.empty();
        }
        int[] neurons = new int[face.get("neurons").size()];
        double[] weights = new double[neurons.length];
        for (int j = 0; j < neurons.length; j++) {
            neurons[j] = face.get("neurons").get(j).asInt();
            weights[j] = face.get("weights").get(j).asDouble();
        }
        return java.util.Optional.of(new SelectionStep.Face(neurons, weights));
    }
}
