package io.winnow;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
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

/** README's "Prune from Java" block, compiled as it stands and run in a fresh JVM in an empty directory. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeJavaExampleCompilesRunsAndWritesACheckedModel(@TempDir Path work) throws Exception {
        String source = javaBlockAfter("## Prune from Java");
        Path src = work.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("PruneExample.java"), source, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath,
                src.resolve("PruneExample.java").toString());
        assertThat(compiled).as("javac exit status for README's example").isZero();

        Path run = Files.createDirectories(work.resolve("run"));
        Path log = work.resolve("out.txt");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-cp", classes + java.io.File.pathSeparator + classpath, "PruneExample")
                .directory(run.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("the example finishes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();

        Matcher m = Pattern.compile("accuracy ([0-9.]+) -> ([0-9.]+), params (\\d+) -> (\\d+), bound checks hold")
                .matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Long.parseLong(m.group(4))).isLessThan(Long.parseLong(m.group(3)));
        assertThat(Double.parseDouble(m.group(2))).as("a pruned, finetuned mlp still learns Fashion-MNIST")
                .isGreaterThan(0.5);

        WinnowModel pruned = WinnowModel.load(run.resolve("mlp-pruned"));
        PruneReport report = ReportCodec.read(run.resolve("mlp-pruned").resolve(PruneReport.Digests.REPORT_FILE));
        assertThat(report.recipe().file()).isEqualTo(Winnow.JAVA_RECIPE);
        assertThat(pruned.architecture().totalParams()).isEqualTo(Long.parseLong(m.group(4)));
        assertThat(run.resolve("mlp-pruned").resolve("report.html")).exists();
        PruneReport.Latency latency = report.latency().orElseThrow();
        assertThat(latency.runs()).isEqualTo(io.winnow.tf.model.LatencyProbe.RUNS);
        assertThat(latency.threads()).isPositive();
        assertThat(java.util.List.of(latency.original().batch1Ms(), latency.original().batch256Ms(),
                latency.pruned().batch1Ms(), latency.pruned().batch256Ms())).allSatisfy(ms -> assertThat(ms).isPositive().isFinite());
    }

    private static String javaBlockAfter(String heading) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int at = lines.indexOf(heading);
        assertThat(at).as("README has the heading " + heading).isNotNegative();
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
