package io.winnow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code winnow} command. Exit codes: 0 ok, 1 the run failed, 2 bad input or usage. */
@Command(name = "winnow",
        mixinStandardHelpOptions = true,
        version = "winnow 0.1.0",
        description = "Prunes neural networks by greedy forward selection and checks the theory's bounds.",
        subcommands = {
                RecipeCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                InspectCommand.class,
                PruneCommand.class,
                VerifyCommand.class,
                ProveCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Winnow implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Winnow());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("winnow: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'winnow " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof io.winnow.common.UserInputException) {
                err.println("winnow: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println("winnow: the run failed: " + ex);
            ex.printStackTrace(err);
            return EXIT_RUN_FAILED;
        });
        return cli.execute(args);
    }

    private static String commandPath(CommandLine line) {
        String path = line.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("winnow") ? path.substring("winnow".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }
}
