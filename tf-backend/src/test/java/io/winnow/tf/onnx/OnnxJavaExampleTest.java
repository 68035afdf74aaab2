package io.winnow.tf.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.WinnowModel;
import io.winnow.dsl.network.Shape;
import io.winnow.engine.model.Split;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.model.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/java.md's example, compiled as it stands and run in a fresh JVM in an empty directory on the
 * small-cnn.onnx fixture; the ONNX file it exports runs in ONNX Runtime with the logits of the pruned
 * model it saved.
 */
class OnnxJavaExampleTest {

    private static final Path DOC = Path.of("..", "docs", "java.md");

    @Test
    void theJavaDocExamplePrunesAnOnnxModelAndExportsAnOnnxFileThatOnnxRuntimeRuns(@TempDir Path work)
            throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("OnnxPruneExample.java"), javaBlockAfter("## Prune an ONNX model and export it as ONNX"),
                StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath,
                src.resolve("OnnxPruneExample.java").toString())).as("javac exit status").isZero();

        Path run = Files.createDirectories(work.resolve("run"));
        Path log = work.resolve("out.txt");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-cp", classes + java.io.File.pathSeparator + classpath, "OnnxPruneExample",
                OnnxImportTest.fixture("small-cnn.onnx").toString())
                .directory(run.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("the example finishes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("accuracy ([0-9.]+) -> ([0-9.]+), params (\\d+) -> (\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        System.out.println("docs/java.md example: " + m.group());
        assertThat(Long.parseLong(m.group(4))).isLessThan(Long.parseLong(m.group(3)));

        WinnowModel pruned = WinnowModel.load(run.resolve("small-cnn-pruned"));
        Path onnx = run.resolve("small-cnn-pruned.onnx");
        assertThat(OnnxExport.writtenByWinnow(onnx)).isTrue();
        Split batch = FashionMnist.embedded().test().slice(0, 256);
        float[] reference = OnnxRuntimeReference.logits(onnx, batch.x(), batch.size(), (Shape.Image) batch.sampleShape());
        float[] logits;
        try (Model model = Model.build(pruned.architecture(), pruned.weights())) {
            logits = model.logits(batch).values();
        }
        double scale = 0;
        double worst = 0;
        for (float v : logits) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < logits.length; i++) {
            worst = Math.max(worst, Math.abs(logits[i] - reference[i]) / scale);
        }
        System.out.printf("docs/java.md export: max |winnow - onnxruntime| / largest = %.3g, %,d bytes (original %,d)%n",
                worst, Files.size(onnx), Files.size(OnnxImportTest.fixture("small-cnn.onnx")));
        assertThat(worst).isLessThanOrEqualTo(OnnxExportTest.RELATIVE);
    }

    private static String javaBlockAfter(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int at = lines.indexOf(heading);
        assertThat(at).as("docs/java.md has the heading " + heading).isNotNegative();
        int open = at + 1;
        while (!lines.get(open).equals("```java")) {
            open++;
        }
        int close = open + 1;
        while (!lines.get(close).equals("```")) {
            close++;
        }
        return String.join("\n", lines.subList(open + 1, close)) + "\n";
    }
}
