package io.winnow.common.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a killed writer of OUT left beside it: staged directories {@code .OUT.tmp-PID-N} and
 * previous outputs {@code .OUT.old-PID-N} whose process is gone. Run with OUT's lock held. When
 * OUT is missing and a previous output survives, the writer died between its two renames: the
 * previous output is moved back. Only directories that carry Winnow's marker (or are empty) are
 * touched; anything else with a look-alike name is left alone.
 */
final class StaleOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(StaleOutputs.class);

    private StaleOutputs() {
    }

    static void clean(Path target) throws IOException {
        List<Path> previous = new ArrayList<>();
        List<Path> staged = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            siblings.forEach(p -> TempName.parse(target, p.getFileName().toString())
                    .filter(TempName::writerIsGone)
                    .ifPresent(name -> (name.role().equals(TempName.PREVIOUS) ? previous : staged).add(p)));
        }
        previous.sort(Comparator.comparing(Path::toString));
        for (Path old : previous) {
            if (!isOurs(old)) {
                LOG.warn("leaving {}: it is named like a Winnow temporary but has no {}", old, OutputMarker.FILE);
            } else if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("restored {} from {}, left by an interrupted replacement", target, old.getFileName());
            } else {
                Trees.delete(old);
            }
        }
        for (Path tmp : staged) {
            if (isOurs(tmp)) {
                Trees.delete(tmp);
            } else {
                LOG.warn("leaving {}: it is named like a Winnow temporary but has no {}", tmp, OutputMarker.FILE);
            }
        }
    }

    /** A directory with Winnow's marker, or an empty one (a writer killed right after creating it). */
    private static boolean isOurs(Path dir) throws IOException {
        return OutputMarker.isWinnowOutput(dir) || Trees.isEmptyDirectory(dir);
    }
}
