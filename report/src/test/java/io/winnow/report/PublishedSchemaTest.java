package io.winnow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PublishedSchemaTest {

    /** Surefire runs in the module's directory; the published schema lies in the repository's docs/. */
    private static final Path PUBLISHED = Path.of("..", "docs", "report.schema.json");

    @Test
    void docsReportSchemaJsonIsTheSchemaTheCodecGenerates() throws IOException {
        assertThat(Files.readString(PUBLISHED, StandardCharsets.UTF_8))
                .as("docs/report.schema.json must be ReportCodec.schema(): write that text to it after changing a record")
                .isEqualTo(ReportCodec.schema());
    }
}
