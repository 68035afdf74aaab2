package io.winnow.spark;

import io.winnow.cli.Winnow;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The winnow command run in this JVM, as the Spark module's command tests run it. */
record SparkCli(int exit, String out, String err) {

    static SparkCli winnow(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new SparkCli(exit, out.toString(), err.toString());
    }
}
