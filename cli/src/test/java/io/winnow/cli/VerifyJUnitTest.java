package io.winnow.cli;

import static io.winnow.cli.CliRun.winnow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.engine.model.ModelWeights;
import io.winnow.report.ReportCodec;
import io.winnow.tf.export.ModelStore;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code winnow verify --junit FILE}: a JUnit XML report valid against the Ant/Jenkins JUnit schema
 * (test resource junit/junit-ant.xsd), with one testcase per layer's certificate and one for Theorem 4,
 * written only where no file Winnow did not write would be replaced.
 */
class VerifyJUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path good;
    private static Path random;
    private static int layers;

    @BeforeAll
    static void pruneATinyModel() throws IOException {
        Architecture mlp = Architectures.mlp(16, 12);
        Path model = shared.resolve("mlp");
        ModelStore.save(mlp, ModelWeights.init(mlp, 3), model, false);
        Path recipe = Files.writeString(shared.resolve("half.recipe"),
                "winnow-recipe 1\nlocalImitation().select(ratio(0.5)).calibration(256).seed(5)\n");
        good = GoodReports.prune(recipe, model, shared.resolve("pruned"));
        layers = ReportCodec.read(good.resolve("report.json")).layers().size();
        Path randomRecipe = Files.writeString(shared.resolve("random.recipe"),
                "winnow-recipe 1\nrandom().select(ratio(0.5)).calibration(256).seed(5)\n");
        random = GoodReports.prune(randomRecipe, model, shared.resolve("random"));
    }

    @Test
    void aLayerWithoutACertificateIsASkippedTestcaseWithTheReason() throws Exception {
        Path xml = tmp.resolve("random.xml");

        CliRun run = winnow("verify", random.toString(), "--junit", xml.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Document doc = valid(xml);
        NodeList skipped = doc.getElementsByTagName("skipped");
        assertThat(skipped.getLength()).isEqualTo(layers);
        assertThat(((Element) skipped.item(0)).getAttribute("message")).startsWith("no certificate applies: ");
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("skipped"))
                .isEqualTo(Integer.toString(layers));
    }

    @Test
    void forceWithoutJUnitIsAUsageError() {
        CliRun run = winnow("verify", good.toString(), "--force");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).contains("--force belongs to --junit");
    }

    @Test
    void aGoodReportGivesAValidReportWithOnePassingTestcasePerCertificateAndOneForTheorem4() throws Exception {
        Path xml = tmp.resolve("ci/verify.xml");

        CliRun run = winnow("verify", good.toString(), "--junit", xml.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Document doc = valid(xml);
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(layers + 2);
        assertThat(((Element) cases.item(0)).getAttribute("name")).startsWith("certificate ");
        assertThat(((Element) cases.item(layers)).getAttribute("name")).startsWith("Theorem 4 on ");
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("name"))
                .contains("half.recipe on ");
    }

    @Test
    void aTamperedCertificateIsAFailureOfThatLayersTestcaseWithTheFinding() throws Exception {
        Path dir = copy(good, tmp.resolve("tampered"));
        Path file = dir.resolve("report.json");
        ObjectNode report = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) report.get("layers").get(1).get("certificate")).put("finalBound", 1e-9);
        Files.writeString(file, JSON.writeValueAsString(report));
        Path xml = tmp.resolve("verify.xml");

        CliRun run = winnow("verify", dir.toString(), "--junit", xml.toString());

        assertThat(run.exit()).isEqualTo(1);
        Document doc = valid(xml);
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        Element failure = (Element) failures.item(0);
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("name")).isEqualTo("certificate "
                + ReportCodec.read(file).layers().get(1).name());
        assertThat(failure.getAttribute("message")).contains("$.layers[1].certificate.finalBound: recorded 1.0E-9");
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void aFileWinnowDidNotWriteIsNeverReplaced() throws IOException {
        Path mine = Files.writeString(tmp.resolve("mine.xml"), "<notes/>");

        CliRun plain = winnow("verify", good.toString(), "--junit", mine.toString());
        CliRun forced = winnow("verify", good.toString(), "--junit", mine.toString(), "--force");

        assertThat(plain.exit()).isEqualTo(2);
        assertThat(plain.line()).contains("mine.xml exists: give --force");
        assertThat(forced.exit()).isEqualTo(2);
        assertThat(forced.line()).contains("exists and was not written by Winnow");
        assertThat(Files.readString(mine)).isEqualTo("<notes/>");
    }

    @Test
    void aReportWinnowWroteIsReplacedOnlyWithForce() throws IOException {
        Path xml = tmp.resolve("verify.xml");
        assertThat(winnow("verify", good.toString(), "--junit", xml.toString()).exit()).isZero();
        String first = Files.readString(xml);

        CliRun again = winnow("verify", good.toString(), "--junit", xml.toString());
        CliRun forced = winnow("verify", good.toString(), "--junit", xml.toString(), "--force");

        assertThat(again.exit()).isEqualTo(2);
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(xml)).isEqualTo(first);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(xml);
        }
    }

    @Test
    void aReportInsideTheVerifiedOutputIsRefused() {
        CliRun run = winnow("verify", good.toString(), "--junit", good.resolve("verify.xml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).contains("lies inside");
        assertThat(good.resolve("verify.xml")).doesNotExist();
    }

    /** The file parsed, after validating it against the Ant/Jenkins JUnit schema. */
    private static Document valid(Path xml) throws Exception {
        URL xsd = VerifyJUnitTest.class.getResource("/junit/junit-ant.xsd");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd).newValidator()
                .validate(new StreamSource(xml.toFile()));
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
