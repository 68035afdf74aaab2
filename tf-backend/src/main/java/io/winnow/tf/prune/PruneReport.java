package io.winnow.tf.prune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.dsl.Architecture;
import io.winnow.dsl.Layer;
import io.winnow.tf.model.Evaluation;
import io.winnow.engine.select.Selection;
import io.winnow.engine.select.SelectionStep;

/**
 * report.json of a pruning run: provenance (recipe text and hash, seed, data), per-layer curves
 * (loss, gamma, r_k, D_k per step, the channels kept), widths, params and FLOPs before and after,
 * accuracies and time per phase. Everything but {@code timings} is the same for the same inputs.
 */
public final class PruneReport {

    public static final String FORMAT = "winnow-report/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PruneReport() {
    }

    public static ObjectNode of(PruneJob.Outcome run, String recipeText, String recipeHash, String recipeFile,
                                String modelSource) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode recipe = root.putObject("recipe");
        recipe.put("file", recipeFile);
        recipe.put("hash", recipeHash);
        recipe.put("text", recipeText);
        root.put("seed", run.seed());
        ObjectNode data = root.putObject("data");
        data.put("source", run.data().source().toString());
        data.put("train", run.data().train().size());
        data.put("calibration", run.data().calibration().map(c -> c.size()).getOrElse(0));
        data.put("test", run.data().test().size());
        root.put("model", modelSource);

        Architecture before = run.plan().architecture();
        Architecture after = run.pruned().architecture();
        ObjectNode size = root.putObject("size");
        size.put("paramsBefore", before.totalParams());
        size.put("paramsAfter", after.totalParams());
        size.put("flopsBefore", before.totalFlops());
        size.put("flopsAfter", after.totalFlops());
        size.put("flopsFraction", (double) after.totalFlops() / before.totalFlops());
        ArrayNode widths = size.putArray("widths");
        for (Layer layer : before.layers().filter(Architecture::hasNeurons)) {
            ObjectNode w = widths.addObject();
            w.put("layer", layer.name());
            w.put("before", Architecture.widthOf(layer));
            w.put("after", Architecture.widthOf(after.layer(layer.name()).get()));
        }

        ArrayNode layers = root.putArray("layers");
        for (LayerResult l : run.pruned().layers()) {
            ObjectNode node = layers.addObject();
            node.put("order", l.order());
            ArrayNode names = node.putArray("layers");
            l.layers().forEach(names::add);
            node.put("stage", l.stage());
            node.put("widthBefore", l.widthBefore());
            node.put("widthAfter", l.widthAfter());
            ArrayNode kept = node.putArray("kept");
            for (int k : l.mixing().kept()) {
                kept.add(k);
            }
            ArrayNode multipliers = node.putArray("multipliers");
            for (double c : l.mixing().multipliers()) {
                multipliers.add(c);
            }
            l.selection().forEach(s -> node.set("selection", selection(s)
                    .put("target", run.plan().steps().get(l.order()).stage().target().word())));
            node.put("imitation", l.imitation().word());
            l.bestOf().forEach(c -> node.putObject("bestOf").put("localLoss", c.localLoss())
                    .put("globalLoss", c.globalLoss()).put("winner", c.winner().word()));
            l.budget().forEach(b -> node.set("budget", budget(b)));
        }

        ObjectNode accuracy = root.putObject("accuracy");
        accuracy.set("original", evaluation(run.original()));
        accuracy.set("afterSelection", evaluation(run.afterSelection()));
        run.afterFinetune().forEach(e -> accuracy.set("afterFinetune", evaluation(e)));

        ObjectNode timings = root.putObject("timings");
        timings.put("statisticsSeconds", run.timings().statistics());
        timings.put("selectionSeconds", run.timings().selection());
        timings.put("finetuneSeconds", run.timings().finetune());
        timings.put("evaluationSeconds", run.timings().evaluation());
        timings.put("totalSeconds", run.timings().total());
        return root;
    }

    private static ObjectNode selection(Selection s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule", s.rule().word());
        node.put("width", s.width());
        node.put("dimension", s.dimension());
        s.start().ifPresent(i -> node.put("start", i));
        node.put("emptyLoss", s.emptyLoss());
        node.put("lossScale", s.lossScale());
        node.put("initialLoss", s.initialLoss());
        node.put("finalLoss", s.loss());
        node.put("stopped", s.stopped().name());
        node.put("polished", s.polished().name());
        s.gfs().ifPresent(g -> {
            ObjectNode gfs = node.putObject("gfsComparison");
            gfs.put("pathLoss", g.pathLoss());
            gfs.put("gfsLoss", g.gfsLoss());
            gfs.put("gfsFaceLoss", g.faceLoss());
            gfs.put("gfsFaceKept", g.taken());
            ArrayNode kept = gfs.putArray("gfsKept");
            for (int i : g.gfsKept()) {
                kept.add(i);
            }
        });
        ArrayNode steps = node.putArray("steps");
        for (SelectionStep step : s.steps()) {
            ObjectNode st = steps.addObject();
            st.put("k", step.k());
            st.put("neuron", step.neuron());
            st.put("gamma", step.gamma());
            st.put("lossBefore", step.lossBefore());
            st.put("lossAfter", step.lossAfter());
            st.put("margin", step.margin());
            st.put("diameter", step.diameter());
            st.put("away", step.away());
            st.put("polish", step.polish());
            if (step.pairwise()) {
                st.put("partner", step.partner());
            }
            st.put("support", step.support());
        }
        return node;
    }

    private static ObjectNode budget(BudgetSearch search) {
        ObjectNode node = JSON.createObjectNode();
        if (search instanceof BudgetSearch.AccuracyDrop a) {
            node.put("budget", "accuracyDrop");
            node.put("drop", a.drop());
            node.put("originalAccuracy", a.originalAccuracy());
            node.put("threshold", a.threshold());
            ArrayNode tried = node.putArray("candidates");
            for (BudgetSearch.Candidate c : a.candidates()) {
                tried.addObject().put("width", c.width()).put("accuracy", c.accuracy());
            }
            node.put("chosen", a.chosen());
        } else if (search instanceof BudgetSearch.Flops f) {
            node.put("budget", "flops");
            node.put("fraction", f.fraction());
            node.put("by", f.by().word());
            node.put("setting", f.setting());
            node.put("flopsOriginal", f.flopsOriginal());
            node.put("flopsPlanned", f.flopsPlanned());
            node.put("plannedFraction", (double) f.flopsPlanned() / f.flopsOriginal());
            node.put("width", f.width());
        }
        return node;
    }

    private static ObjectNode evaluation(Evaluation e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("split", e.split());
        node.put("samples", e.samples());
        node.put("loss", e.loss());
        node.put("accuracy", e.accuracy());
        return node;
    }

    public static String text(ObjectNode report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
