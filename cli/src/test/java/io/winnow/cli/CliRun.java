package io.winnow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of {@code winnow} for the tests: its exit status and what it printed.
 *
 * @param exit the exit status
 * @param out  standard output
 * @param err  standard error
 */
record CliRun(int exit, String out, String err) {

    /** {@code winnow ARGS...}, every command as the real tool makes it. */
    static CliRun winnow(String... args) {
        return winnow(CommandLine.defaultFactory(), args);
    }

    /** {@code winnow ARGS...} with commands made by {@code factory} ({@link Commands}). */
    static CliRun winnow(CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Winnow.execute(new PrintWriter(out, true), new PrintWriter(err, true), factory, args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** One command object run on its own, outside the {@code winnow} dispatcher. */
    static CliRun command(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The run's error, checked to be exactly one line without a stack trace. */
    String line() {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in");
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        return err.strip();
    }
}
