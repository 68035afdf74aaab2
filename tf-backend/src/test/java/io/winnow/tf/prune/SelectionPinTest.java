package io.winnow.tf.prune;

import io.vavr.collection.List;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.Target;
import io.winnow.tf.UserInputException;
import io.winnow.tf.model.CpuKind;
import io.winnow.engine.model.Split;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static io.winnow.dsl.Recipes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pins what the runner selects, bit for bit, for one recipe per method and budget (and per
 * target for the methods that take one) on the tiny net: kept channels, multipliers c_i = N a_i,
 * every recorded loss, bestOf's comparison and the budget search. Doubles are written with
 * {@link Double#toString}, which round-trips exactly. The expected lines were written by the runner
 * before its dispatch was restructured; rewrite them only for an intended change of selection, with
 * {@code -Dwinnow.pin.write=true}.
 *
 * <p>Bit for bit holds on one kind of CPU only: TensorFlow's oneDNN kernels pick their code by the
 * CPU's vector width at run time, and AVX-512 and AVX2 round float32 sums differently, from the tiny
 * net's training on (on an AVX2 machine 8 of the 144 lines select other channels, at near ties of a
 * tolerance or an accuracy budget). So there is one pin per vector width, {@link #platform}: the
 * AVX-512 one was written before the restructuring; the AVX2 one (an AMD EPYC, 2026-12-07) by the
 * runner of 2026-12-07, which reproduced the AVX-512 pin on an AVX-512 machine. On a CPU with neither,
 * or with oneDNN off, the test is skipped, not passed.
 */
class SelectionPinTest {

    private static final Path PINS = Path.of("src/test/resources/io/winnow/tf/prune");

    static List<Recipe> recipes() {
        List<Recipe> perBudget = List.empty();
        List<Recipe> stages = List.of(localImitation(), localImitation().fixedGamma(),
                localImitation().target(originalActivations()), globalImitation(), globalImitation().fixedGamma(),
                bestOfLocalAndGlobal(), bestOfLocalAndGlobal().target(originalActivations()),
                magnitude(), taylor(), random());
        for (Recipe stage : stages) {
            perBudget = perBudget.appendAll(List.of(stage.select(3), stage.select(ratio(0.5)),
                    stage.select(flops(0.5)), stage.select(tolerance(0.05)), stage.select(accuracyDrop(0.1))));
        }
        // Version 1, whose local imitation leaves biases alone: the pins predate version 2's default correction
        // (corrected runs are pinned against a double-precision reference in BiasCorrectionTest).
        return perBudget.map(r -> Recipe.of(1, r.calibration(100).seed(4).steps()));
    }

    @Test
    void everyMethodAndBudgetSelectsWhatItSelectedBeforeTheRunnerWasRestructured() throws IOException {
        pin("selections-" + platform() + ".txt", recipes().filter(r -> !globalRoute(r)));
    }

    /**
     * Global imitation with optimizeGamma, alone or in bestOf, in a pin of its own: its count budgets took
     * the Gauss-Newton route on 2026-12-07 (docs/theory.md section 5.3), an intended change of selection.
     * The AVX2 pin was rewritten then; an AVX-512 one has to be written on an AVX-512 machine, and until
     * then this part is skipped there.
     */
    @Test
    void globalImitationSelectsWhatItSelectedWhenItsGaussNewtonRouteWasPinned() throws IOException {
        pin("selections-global-" + platform() + ".txt", recipes().filter(SelectionPinTest::globalRoute));
    }

    /** globalImitation() or bestOfLocalAndGlobal() with optimizeGamma (the default rule). */
    static boolean globalRoute(Recipe recipe) {
        io.winnow.dsl.StageSpec stage = recipe.compile(TinyNet.ARCH).get().steps().head().stage();
        boolean global = stage.method() == io.winnow.dsl.Method.GLOBAL_IMITATION
                || stage.method() == io.winnow.dsl.Method.BEST_OF_LOCAL_AND_GLOBAL;
        return global && stage.rule().getOrElse(io.winnow.dsl.StepRule.OPTIMIZE_GAMMA) == io.winnow.dsl.StepRule.OPTIMIZE_GAMMA;
    }

    private static void pin(String file, List<Recipe> recipes) throws IOException {
        Path pinned = PINS.resolve(file);
        boolean write = Boolean.getBoolean("winnow.pin.write");
        assumeTrue(write || Files.isRegularFile(pinned), "no selection pin " + file + " for this CPU");
        TinyNet.Trained net = TinyNet.trained();
        Split calibration = net.data().withCalibration(100, 4).calibration().get();
        List<String> lines = recipes.flatMap(recipe -> describe(recipe, net, calibration));
        if (write) {
            Files.writeString(pinned, lines.mkString("", "\n", "\n"), StandardCharsets.UTF_8);
        }
        assertThat(lines).as(pinned.toString()).containsExactlyElementsOf(Files.readAllLines(pinned,
                StandardCharsets.UTF_8));
    }

    /** {@link CpuKind#vectorWidth}, with "-onednn-off" when TF_ENABLE_ONEDNN_OPTS=0. */
    static String platform() {
        String isa = CpuKind.vectorWidth();
        return "0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")) ? isa + "-onednn-off" : isa;
    }

    private static List<String> describe(Recipe recipe, TinyNet.Trained net, Split calibration) {
        String name = RecipeText.expression(recipe).replaceAll("\\s*\\n\\s*", "");
        try {
            Pruner.Result result = Pruner.run(recipe.compile(TinyNet.ARCH).get(), net.weights(), calibration, 4);
            return result.layers().map(l -> name + " | " + describe(l));
        } catch (UserInputException e) {
            return List.of(name + " | refused: " + e.getMessage());
        }
    }

    private static String describe(LayerResult l) {
        StringBuilder s = new StringBuilder();
        s.append(l.order()).append(' ').append(l.layers().mkString("+")).append(' ').append(l.stage())
                .append(' ').append(l.widthBefore()).append("->").append(l.widthAfter())
                .append(" kept ").append(Arrays.toString(l.mixing().kept()))
                .append(" c ").append(Arrays.toString(l.mixing().multipliers()))
                .append(" imitation ").append(l.imitation().word());
        l.selection().forEach(sel -> s.append(" selection ").append(sel.rule().word())
                .append(" start ").append(sel.start())
                .append(" empty ").append(sel.emptyLoss())
                .append(" losses ").append(Arrays.toString(sel.losses()))
                .append(" final ").append(sel.loss())
                .append(" weights ").append(Arrays.toString(sel.weights()))
                .append(' ').append(sel.stopped()).append(' ').append(sel.polished())
                .append(" gfs ").append(sel.gfs().map(g -> g.gfsLoss() + "/" + g.faceLoss() + "/" + g.taken()
                        + "/" + Arrays.toString(g.gfsKept())).orElse("-")));
        l.bestOf().forEach(c -> s.append(" bestOf ").append(c.localLoss()).append('/').append(c.globalLoss())
                .append('/').append(c.winner().word()));
        l.budget().forEach(b -> s.append(" budget ").append(budget(b)));
        return s.toString();
    }

    private static String budget(BudgetSearch b) {
        if (b instanceof BudgetSearch.AccuracyDrop a) {
            return String.format(Locale.ROOT, "accuracyDrop %s original %s threshold %s tried %s chosen %d", a.drop(),
                    a.originalAccuracy(), a.threshold(), a.candidates().map(c -> c.width() + ":" + c.accuracy())
                            .mkString(" "), a.chosen());
        }
        BudgetSearch.Flops f = (BudgetSearch.Flops) b;
        return String.format(Locale.ROOT, "flops %s by %s setting %s original %d planned %d width %d", f.fraction(),
                f.by().word(), f.setting(), f.flopsOriginal(), f.flopsPlanned(), f.width());
    }

    @Test
    void theRecipesCoverEveryMethodBudgetAndTarget() {
        List<io.winnow.dsl.StageSpec> stages = recipes().map(r -> r.compile(TinyNet.ARCH).get().steps().head().stage());
        assertThat(stages.map(io.winnow.dsl.StageSpec::method).distinct())
                .containsExactlyInAnyOrder(io.winnow.dsl.Method.values());
        assertThat(stages.map(s -> s.budget().get().getClass()).distinct()).hasSize(5);
        assertThat(stages.map(io.winnow.dsl.StageSpec::target).distinct()).containsExactlyInAnyOrder(Target.values());
    }
}
