package io.winnow.cli;

import io.winnow.common.output.Outputs;
import io.winnow.proofs.verify.Finding;
import io.winnow.report.PruneReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code winnow verify --junit FILE}: the verification as a JUnit XML report in the Ant format that CI
 * servers read (Jenkins, GitLab, GitHub actions): one testcase per layer's certificate, one for
 * Theorem 4, one for the rest of the report (plan, sizes, files) and, in full mode, one for the
 * re-derivation. The file carries Winnow's mark in a comment, so {@code --force} replaces only a file
 * Winnow wrote; it is written to a temporary sibling and renamed into place.
 */
final class JUnitReport {

    /**
     * The comment that marks a file as Winnow's, right after the XML declaration (XML allows no "--"
     * inside a comment, so neither the option's name nor a path appears in it).
     */
    static final String MARK = "winnow-junit/1: written by winnow verify";

    private static final Pattern LAYER_PATH = Pattern.compile("^\\$\\.layers\\[(\\d+)]");

    /** One testcase: its name, and the failure lines or the reason it was skipped. */
    record Case(String name, List<String> failures, String skipped) {
    }

    private JUnitReport() {
    }

    /**
     * Refuses, before any work, a FILE that is blank, a directory, a symbolic link, inside the output
     * being verified (it would become an unrecorded model file there), or an existing file without
     * {@code force} or without Winnow's mark.
     */
    static void claim(Path file, Path outDir, boolean force) {
        String shown = file.toString();
        if (shown.isBlank()) {
            throw new UserError("--junit is empty: name the XML file to write");
        }
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(outDir.toAbsolutePath().normalize())) {
            throw new UserError(shown + " lies inside " + outDir + ", the output being verified: a file there would "
                    + "be an unrecorded model file; choose another --junit");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new UserError(shown + " is a symbolic link: Winnow replaces only files it wrote; choose another --junit");
        }
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(shown + " is a directory: --junit names a file");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!force) {
                throw new UserError(shown + " exists: give --force to replace a JUnit report Winnow wrote, or choose "
                        + "another --junit");
            }
            if (!writtenByWinnow(abs)) {
                throw new UserError(shown + " exists and was not written by Winnow (no '" + MARK + "' comment); "
                        + "choose another --junit");
            }
        }
        Path parent = abs.getParent();
        if (parent == null || (Files.exists(parent) && !Files.isDirectory(parent))) {
            throw new UserError(shown + ": its parent is not a directory");
        }
    }

    /** The testcases of one verification: offline findings sorted by what they concern, then full mode's. */
    static List<Case> cases(PruneReport report, List<Finding> findings, List<String> fullProblems, boolean full) {
        List<List<String>> perLayer = new ArrayList<>();
        report.layers().forEach(l -> perLayer.add(new ArrayList<>()));
        List<String> theorem4 = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (Finding f : findings) {
            Matcher m = LAYER_PATH.matcher(f.path());
            if (m.find() && Integer.parseInt(m.group(1)) < perLayer.size()) {
                perLayer.get(Integer.parseInt(m.group(1))).add(f.line());
            } else if (f.path().startsWith("$.theorem4")) {
                theorem4.add(f.line());
            } else {
                rest.add(f.line());
            }
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < report.layers().size(); i++) {
            PruneReport.Layer layer = report.layers().get(i);
            PruneReport.Certificate c = layer.certificate();
            String skipped = c.applies() || !perLayer.get(i).isEmpty() ? null
                    : "no certificate applies: " + c.why().orElse("(no reason recorded)");
            cases.add(new Case("certificate " + layer.name(), perLayer.get(i), skipped));
        }
        cases.add(new Case("Theorem 4 on " + report.theorem4().samples() + " calibration samples", theorem4, null));
        cases.add(new Case("plan, sizes and model files", rest, null));
        if (full) {
            cases.add(new Case("full mode: rerun of the recipe on the original model and data", fullProblems, null));
        }
        return cases;
    }

    /** The XML text: one testsuite named after the report, its recipe and model. */
    static String xml(Path reportFile, PruneReport report, List<Case> cases) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            long failures = cases.stream().filter(c -> !c.failures().isEmpty()).count();
            long skipped = cases.stream().filter(c -> c.skipped() != null).count();
            String suite = "winnow verify " + report.recipe().file() + " on " + report.model().source();
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeComment(" " + MARK + " ");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "winnow verify");
            w.writeAttribute("tests", Integer.toString(cases.size()));
            w.writeAttribute("failures", Long.toString(failures));
            w.writeAttribute("errors", "0");
            w.writeCharacters("\n  ");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", suite);
            w.writeAttribute("tests", Integer.toString(cases.size()));
            w.writeAttribute("failures", Long.toString(failures));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", Long.toString(skipped));
            w.writeAttribute("time", "0");
            w.writeCharacters("\n    ");
            w.writeStartElement("properties");
            property(w, "report", reportFile.toString());
            property(w, "recipe.hash", report.recipe().hash());
            property(w, "seed", Long.toString(report.seed()));
            w.writeCharacters("\n    ");
            w.writeEndElement();
            for (Case c : cases) {
                w.writeCharacters("\n    ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", "winnow.verify." + className(report));
                w.writeAttribute("name", c.name());
                w.writeAttribute("time", "0");
                if (!c.failures().isEmpty()) {
                    w.writeCharacters("\n      ");
                    w.writeStartElement("failure");
                    w.writeAttribute("type", "winnow.verify.Finding");
                    w.writeAttribute("message", c.failures().size() + " finding(s): " + c.failures().get(0));
                    w.writeCharacters(String.join("\n", c.failures()));
                    w.writeEndElement();
                    w.writeCharacters("\n    ");
                } else if (c.skipped() != null) {
                    w.writeCharacters("\n      ");
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", c.skipped());
                    w.writeCharacters("\n    ");
                }
                w.writeEndElement();
            }
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value);
    }

    /** Writes {@code xml} to FILE through a temporary sibling and a rename: readers see all of it or none. */
    static void write(Path file, String xml) {
        try {
            Path parent = file.toAbsolutePath().normalize().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UserError(file + ": cannot create its directory: " + e.getMessage());
        }
        Outputs.replaceFile(file, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The recipe file's name without directories and extension, as a dotted class name CI tools group by. */
    private static String className(PruneReport report) {
        String name = Path.of(report.recipe().file()).getFileName() == null ? "recipe"
                : Path.of(report.recipe().file()).getFileName().toString();
        return name.replaceAll("\\.recipe$", "").replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static boolean writtenByWinnow(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(256), StandardCharsets.UTF_8);
            return head.startsWith("<?xml") && head.contains("<!-- " + MARK + " -->");
        } catch (IOException e) {
            return false;
        }
    }
}
