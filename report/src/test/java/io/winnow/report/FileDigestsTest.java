package io.winnow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {

    @TempDir
    Path dir;

    @Test
    void theBytesAreTheSumOverExactlyTheFilesThatAreDigested() throws IOException {
        Files.write(dir.resolve("saved_model.pb"), new byte[1000]);
        Files.createDirectories(dir.resolve("variables"));
        Files.write(dir.resolve("variables/variables.data"), new byte[234]);
        Files.write(dir.resolve("report.html"), new byte[50_000]);
        Files.write(dir.resolve(".winnow-output"), new byte[7]);

        assertThat(FileDigests.of(dir, PruneReport.Digests::covers)).containsOnlyKeys("saved_model.pb",
                "variables/variables.data");
        assertThat(FileDigests.bytes(dir, PruneReport.Digests::covers)).isEqualTo(1234);
        assertThat(FileDigests.bytes(dir.resolve("saved_model.pb"), f -> true)).isEqualTo(1000);
    }
}
