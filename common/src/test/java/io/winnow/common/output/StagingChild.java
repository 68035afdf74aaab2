package io.winnow.common.output;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A writer to be killed by {@link InterruptedWriteTest}: claims OUT, stages a file, says so, and waits. */
public final class StagingChild {

    private StagingChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path out = Path.of(args[0]);
        boolean force = args.length > 1 && args[1].equals("--force");
        try (OutputTarget target = Outputs.claim(out, "test", force, List.of(), 0);
             Staging staging = target.stage()) {
            staging.write("half.txt", "half".getBytes(StandardCharsets.UTF_8));
            System.out.println("staged " + staging.directory());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
