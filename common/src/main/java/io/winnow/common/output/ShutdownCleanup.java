package io.winnow.common.output;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an interrupted write leaves (staged directories, temporary files, lock files) when
 * the JVM shuts down on SIGINT or SIGTERM. Writes in progress register here and deregister when
 * done; the newest is cleaned first. SIGKILL runs no hook: the next run's {@link StaleOutputs}
 * cleans up instead.
 */
final class ShutdownCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCleanup.class);
    private static final Set<AutoCloseable> PENDING = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ShutdownCleanup() {
    }

    static synchronized void register(AutoCloseable inProgress) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::runAll, "winnow-output-cleanup"));
            hookInstalled = true;
        }
        PENDING.add(inProgress);
    }

    static synchronized void forget(AutoCloseable done) {
        PENDING.remove(done);
    }

    private static void runAll() {
        List<AutoCloseable> newestFirst;
        synchronized (ShutdownCleanup.class) {
            newestFirst = new ArrayList<>(PENDING);
            PENDING.clear();
        }
        java.util.Collections.reverse(newestFirst);
        for (AutoCloseable c : newestFirst) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cannot clean up an interrupted output: {}", e.toString());
            }
        }
    }
}
