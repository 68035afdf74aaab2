package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.export.ModelStore;
import io.winnow.engine.model.ModelWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code winnow verify} runs without TensorFlow: in a child JVM whose class path has no TensorFlow
 * jar, and with every class load logged, it verifies a real report and fails a tampered one, and
 * loads no org.tensorflow class.
 */
class VerifyWithoutTensorFlowTest {

    @TempDir
    static Path shared;

    private static Path good;

    @BeforeAll
    static void pruneATinyModel() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path recipe = Files.writeString(shared.resolve("p.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(64)\n");
        good = GoodReports.prune(recipe, model, shared.resolve("pruned"));
    }

    private record Child(int exit, String output) {
    }

    /** java -verbose:class -cp (the test class path less TensorFlow) io.winnow.cli.Winnow verify TARGET. */
    private static Child verifyInAChildJvm(Path target) throws Exception {
        // Surefire hands the tests their class path in this property (java.class.path may be one manifest jar).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.replace(File.separatorChar, '/').contains("/org/tensorflow/"))
                .filter(e -> !new File(e).getName().startsWith("tensorflow"))
                .toList();
        assertThat(entries).as("the test class path without TensorFlow").isNotEmpty()
                .hasSizeLessThan(classPath.split(File.pathSeparator).length);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", String.join(File.pathSeparator, entries), "io.winnow.cli.Winnow", "verify",
                target.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void aGoodReportVerifiesWithNoTensorFlowClassLoaded() throws Exception {
        Child child = verifyInAChildJvm(good);
        assertThat(child.exit()).as(child.output()).isZero();
        assertThat(child.output()).contains("verifies offline").doesNotContain("] org.tensorflow", "NoClassDefFoundError:");
        // The class-load log is there to be read: a missing TensorFlow class would show as a load of it or an error.
        assertThat(child.output()).contains("] io.winnow.proofs.verify.ReportVerifier source:");
    }

    @Test
    void aTamperedReportFailsWithNoTensorFlowClassLoaded() throws Exception {
        Path report = good.resolve("report.json");
        Path dir = shared.resolve("tampered");
        VerifyTamperTest.copyTree(good, dir);
        Files.writeString(dir.resolve("report.json"), Files.readString(report).replace("\"optimizeGamma\"", "\"fixedGamma\""));
        Child child = verifyInAChildJvm(dir);
        assertThat(child.exit()).as(child.output()).isEqualTo(1);
        assertThat(child.output()).contains("FAILED $.layers[0].selection.rule").doesNotContain("] org.tensorflow", "NoClassDefFoundError:");
    }
}
