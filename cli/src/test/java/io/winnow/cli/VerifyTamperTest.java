package io.winnow.cli;

import io.winnow.dsl.Architecture;
import io.winnow.dsl.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.tf.model.ModelWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyTamperTest {

    @TempDir
    static Path shared;

    static Path good;

    @BeforeAll
    static void pruneATinyModel() throws Exception {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path recipe = Files.writeString(shared.resolve("p.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(5)\n");
        good = GoodReports.prune(recipe, model, shared.resolve("pruned"));
    }

    @Test
    void theUntouchedReportVerifies() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), "verify", good.toString());
        System.out.println(out);
        System.out.println(err);
        assertThat(exit).isZero();
    }
}
