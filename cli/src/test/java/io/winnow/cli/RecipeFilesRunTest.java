package io.winnow.cli;

import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.proofs.RunCertificates;
import io.winnow.proofs.verify.ReportVerifier;
import io.winnow.report.PruneReport;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.report.ArchitectureJson;
import io.winnow.engine.model.ModelWeights;
import io.winnow.tf.prune.PruneJob;
import io.winnow.tf.prune.ReportBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shared recipe under recipes/ is run by the runner on its architecture (seeded initial
 * weights, a slice of the embedded data so the suite stays fast): it prunes, with a smaller model
 * certificates that hold, and a record that winnow verify's checks accept.
 */
class RecipeFilesRunTest {

    private static final Pattern ARCH = Pattern.compile("(?m)^# arch: (\\S+)\\s*$");

    private static Path recipesFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("recipes").resolve("pom.xml"))) {
                return dir.resolve("recipes");
            }
        }
        throw new IllegalStateException("no recipes/ folder above " + Path.of("").toAbsolutePath());
    }

    @TestFactory
    Stream<DynamicTest> everyRecipeFilePrunesItsArchitecture() throws IOException {
        Dataset embedded = FashionMnist.embedded();
        Dataset data = new Dataset(embedded.source(), embedded.train().slice(0, 2200), embedded.test().slice(0, 300));
        java.util.List<Path> files;
        try (Stream<Path> list = Files.list(recipesFolder())) {
            files = list.filter(p -> p.toString().endsWith(".recipe")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file);
            Matcher m = ARCH.matcher(text);
            assertThat(m.find()).as("# arch: line").isTrue();
            Architecture arch = Architectures.byName(m.group(1)).get();
            RecipeDocument doc = RecipeText.parse(text, file.toString()).get();
            Plan plan = doc.recipe().compile(arch).get();
            ModelWeights weights = ModelWeights.init(arch, 1);
            long seed = doc.recipe().seedValue().getOrElse(0L);
            PruneJob.Outcome run = PruneJob.run(plan, weights, data, seed);
            assertThat(run.pruned().architecture().totalParams()).isLessThan(arch.totalParams());
            assertThat(run.pruned().weights().problems(run.pruned().architecture())).isEmpty();
            assertThat(run.pruned().layers()).hasSize(plan.steps().size());
            assertThat(run.afterFinetune().isDefined()).isEqualTo(doc.recipe().finetuneStep().isDefined());
            PruneReport report = ReportBuilder.of(run, weights, new PruneReport.RecipeSource(file.toString(),
                    RecipeText.hash(doc.recipe()), RecipeText.print(doc.recipe())),
                    new PruneReport.ModelSource("init", ArchitectureJson.write(arch), Map.of(), java.util.Optional.empty()));
            RunCertificates.Attached attached = RunCertificates.attach(report);
            assertThat(attached.outcome().violations()).isEmpty();
            assertThat(ReportVerifier.records(attached.report())).as("winnow verify's record checks").isEmpty();
        }));
    }
}
