package io.winnow.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many times Spark tries a task before its job fails: spark.task.maxFailures on a cluster;
 * in local mode only what the master says, {@code local[N,F]} (plain {@code local[N]} never retries).
 */
final class Attempts {

    /** Spark's own pattern for local[N,F] (SparkMasterRegex.LOCAL_N_FAILURES_REGEX). */
    private static final Pattern LOCAL_WITH_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)\\]");

    private Attempts() {
    }

    static int of(String master, SparkConf conf) {
        Matcher local = LOCAL_WITH_FAILURES.matcher(master);
        if (local.matches()) {
            return Integer.parseInt(local.group(2));
        }
        if (master.startsWith("local")) {
            return 1;
        }
        return conf.getInt("spark.task.maxFailures", 4);
    }
}
