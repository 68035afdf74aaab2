package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.WinnowModel;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.network.Architectures;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/ci-checks, a user's own Maven project, built by Maven as a user builds it: against
 * Winnow's artifacts made from this build's classes and installed into a private repository under
 * target/ (never ~/.m2), with every other artifact taken from the local repository this build uses
 * (a file:// mirror, so no network). Its tests pass on a good pruned mlp and fail, naming the layer
 * and the values, on a tampered copy and on a recipe that prunes too hard for its accuracy budget.
 */
class ExampleProjectTest {

    private static final String VERSION = System.getProperty("winnow.example.version", "0.1.0-SNAPSHOT");
    private static final Path ROOT = Path.of(System.getProperty("winnow.example.root", "..")).toAbsolutePath().normalize();

    /** The modules winnow-assertj needs (tf-backend is optional there), by directory and artifact. */
    private static final List<String[]> MODULES = List.of(new String[] {"common", "winnow-common"},
            new String[] {"dsl", "winnow-dsl"}, new String[] {"engine", "winnow-engine"},
            new String[] {"report", "winnow-report"}, new String[] {"proofs-checks", "winnow-proofs-checks"},
            new String[] {"assertions", "winnow-assertj"});

    private static Path work;
    private static Path project;
    private static Path good;
    private static Path tampered;
    private static Path overpruned;

    @BeforeAll
    static void prepareTheProjectAndThreePrunedModels() throws IOException {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        work = Files.createTempDirectory(target, "example-");
        Path repository = Files.createDirectories(target.resolve("example-repository"));
        install(repository);
        settings(repository);
        project = copy(ROOT.resolve("examples/ci-checks"), work.resolve("ci-checks"));

        Dataset data = FashionMnist.embedded();
        WinnowModel model = io.winnow.Winnow.train(Architectures.mlp(64, 32), data, 1, 7, work.resolve("mlp"));
        good = prune(model, data, "localImitation().select(ratio(0.5)).finetune(1).seed(7)", "good");
        overpruned = prune(model, data, "localImitation().select(ratio(0.05)).seed(7)", "overpruned");
        tampered = copy(good, work.resolve("tampered"));
        ObjectMapper json = new ObjectMapper();
        Path file = tampered.resolve("report.json");
        ObjectNode report = (ObjectNode) json.readTree(file.toFile());
        ((ObjectNode) report.get("layers").get(1).get("certificate")).put("finalBound", 1e-9);
        Files.writeString(file, json.writeValueAsString(report));
    }

    @Test
    void theProjectsTestsPassOnAGoodPrunedModel() throws Exception {
        Build build = mvn(good);

        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");
    }

    @Test
    void theyFailOnATamperedReportNamingTheLayerAndBothValues() throws Exception {
        Build build = mvn(tampered);

        assertThat(build.exit()).as(build.output()).isNotZero();
        assertThat(build.output())
                .contains("every layer's bound certificate to hold when recomputed")
                .contains("layer fc2: $.layers[1].certificate.finalBound: recorded 1.0E-9, ")
                .contains("does not verify");
    }

    @Test
    void theyFailOnARecipeThatBreaksTheAccuracyBudget() throws Exception {
        Build build = mvn(overpruned);

        assertThat(build.exit()).as(build.output()).isNotZero();
        assertThat(build.output()).contains("Expecting the accuracy drop of")
                .contains("to be at most\n  0.05\nbut was\n  ");
    }

    private record Build(int exit, String output) {
    }

    /** {@code mvn test} on the example against one pruned model; its output and the surefire reports' text. */
    private static Build mvn(Path pruned) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "mvn-", ".log");
        List<String> command = new ArrayList<>(List.of(System.getProperty("winnow.example.mvn", "mvn"), "-B", "-nsu",
                "-s", work.resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + Path.of("target/example-repository").toAbsolutePath(),
                "-Dwinnow.version=" + VERSION, "-Dwinnow.report=" + pruned, "test"));
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the example's build did not finish in 5 minutes: " + Files.readString(log));
        }
        StringBuilder output = new StringBuilder(Files.readString(log));
        Path reports = project.resolve("target/surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    output.append('\n').append(Files.readString(f));
                }
            }
        }
        return new Build(process.exitValue(), output.toString());
    }

    private static Path prune(WinnowModel model, Dataset data, String recipe, String name) {
        Plan plan = RecipeText.compile("winnow-recipe 1\n" + recipe + "\n", name + ".recipe", model.architecture()).get();
        return io.winnow.Winnow.prune(plan, model, data, 7, name + ".recipe").save(work.resolve(name));
    }

    /**
     * Winnow's parent pom and the modules' poms, with jars made from their target/classes: what
     * {@code mvn install} would put there, without touching the build's own local repository.
     */
    private static void install(Path repository) throws IOException {
        Path parent = Files.createDirectories(repository.resolve("io/winnow/winnow-parent/" + VERSION));
        Files.copy(ROOT.resolve("pom.xml"), parent.resolve("winnow-parent-" + VERSION + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String[] module : MODULES) {
            Path dir = Files.createDirectories(repository.resolve("io/winnow/" + module[1] + "/" + VERSION));
            String base = module[1] + "-" + VERSION;
            Files.copy(ROOT.resolve(module[0]).resolve("pom.xml"), dir.resolve(base + ".pom"),
                    StandardCopyOption.REPLACE_EXISTING);
            jar(ROOT.resolve(module[0]).resolve("target/classes"), dir.resolve(base + ".jar"));
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Path staged = Files.createTempFile(jar.getParent(), ".jar-", ".tmp");
        try (OutputStream file = Files.newOutputStream(staged); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        Files.move(staged, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every artifact but Winnow's comes from the build's own local repository, read as a file:// mirror. */
    private static void settings(Path repository) throws IOException {
        Path local = Path.of(System.getProperty("winnow.example.repository",
                System.getProperty("user.home") + "/.m2/repository"));
        Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>the-build-s-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(local.toUri()), StandardCharsets.UTF_8);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }
}
