package io.winnow.spark;

import io.winnow.common.UserInputException;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** The Spark session a Winnow command runs on: the active one, or one of its own that it stops when done. */
final class SparkSessions {

    /** The master URLs Spark 4 accepts (its SparkMasterRegex), so that a mistyped one is a usage error. */
    private static final Pattern MASTER = Pattern.compile("local|local\\[([0-9]+|\\*)(\\s*,\\s*[0-9]+)?\\]"
            + "|local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*]|spark://.+|yarn|k8s://.+");

    private SparkSessions() {
    }

    /** A session on {@code master}, and whether this command started it (and so must stop it). */
    record Held(SparkSession session, boolean ours) implements AutoCloseable {

        @Override
        public void close() {
            if (ours) {
                session.stop();
            }
        }
    }

    /**
     * A session on {@code master}. A URL Spark does not accept, or a cluster Spark cannot start a session
     * on, is the user's input at fault: one line naming it and the forms Spark takes, exit 2.
     */
    static Held on(String master, String appName) {
        requireMaster(master);
        quietSparkLogs();
        boolean ours = SparkSession.getActiveSession().isEmpty();
        try {
            return new Held(SparkSession.builder().master(master).appName(appName).getOrCreate(), ours);
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new UserInputException("--master " + master + ": Spark could not start a session there: " + message,
                    e);
        }
    }

    /** Refuses, as a usage error, a master URL Spark would not accept. */
    static void requireMaster(String master) {
        if (!MASTER.matcher(master).matches()) {
            throw new UserInputException("--master " + master + ": not a Spark master URL; give local[N] (N threads "
                    + "on this machine), spark://HOST:PORT, yarn or k8s://https://HOST:PORT (docs/scale.md)");
        }
    }

    /**
     * Spark logs every stage and task at INFO; through Winnow's logger that would bury the run's own
     * progress. A failed task is logged twice more, with its stack trace, by the executor and the task
     * scheduler, although the sweep records it and says which point failed and why: those two are off.
     * A level the user set (-Dorg.slf4j.simpleLogger.log.org.apache.spark=info) is kept, and then the two
     * are left at it too.
     */
    private static void quietSparkLogs() {
        boolean userSet = System.getProperty(LOG + "org.apache.spark") != null;
        for (String name : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty"}) {
            if (System.getProperty(LOG + name) == null) {
                System.setProperty(LOG + name, "warn");
            }
        }
        if (!userSet) {
            for (String name : new String[] {"org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager"}) {
                if (System.getProperty(LOG + name) == null) {
                    System.setProperty(LOG + name, "off");
                }
            }
        }
    }

    private static final String LOG = "org.slf4j.simpleLogger.log.";
}
