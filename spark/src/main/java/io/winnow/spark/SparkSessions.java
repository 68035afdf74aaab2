package io.winnow.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session a Winnow command runs on: the active one, or one of its own that it stops when done. */
final class SparkSessions {

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

    static Held on(String master, String appName) {
        quietSparkLogs();
        boolean ours = SparkSession.getActiveSession().isEmpty();
        return new Held(SparkSession.builder().master(master).appName(appName).getOrCreate(), ours);
    }

    /**
     * Spark logs every stage and task at INFO; through Winnow's logger that would bury the run's own
     * progress. A level the user set (-Dorg.slf4j.simpleLogger.log.org.apache.spark=info) is kept.
     */
    private static void quietSparkLogs() {
        for (String name : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty"}) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
