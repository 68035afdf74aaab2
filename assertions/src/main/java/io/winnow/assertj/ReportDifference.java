package io.winnow.assertj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.winnow.report.PruneReport;
import io.winnow.report.ReportCodec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Where two reports differ, as JSON paths with both values, timings and latency left out. */
final class ReportDifference {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PruneReport.Timings NO_TIMINGS = new PruneReport.Timings(0, 0, 0, 0, 0);

    private ReportDifference() {
    }

    static List<String> of(PruneReport a, PruneReport b) {
        List<String> found = new ArrayList<>();
        diff("$", tree(a), tree(b), found);
        return found;
    }

    private static JsonNode tree(PruneReport report) {
        PruneReport comparable = new PruneReport(report.format(), report.recipe(), report.seed(), report.data(),
                report.model(), report.size(), report.layers(), report.accuracy(), report.theorem4(), report.digests(),
                NO_TIMINGS, Optional.empty());
        try {
            return JSON.readTree(ReportCodec.write(comparable));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> found) {
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path + "." + name, a.path(name), b.path(name), found);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> i = a.elements();
            Iterator<JsonNode> j = b.elements();
            for (int k = 0; i.hasNext(); k++) {
                diff(path + "[" + k + "]", i.next(), j.next(), found);
            }
        } else if (!a.equals(b)) {
            found.add(path + ": " + show(a) + " in the first, " + show(b) + " in the second");
        }
    }

    private static String show(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
