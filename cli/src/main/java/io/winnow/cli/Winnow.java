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
                ImportCommand.class,
                ExportCommand.class,
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

    @CommandLine.Option(names = CommandRunner.DEBUG_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an internal error (also WINNOW_DEBUG=1)")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, CommandLine.defaultFactory(), args);
    }

    /** The same, with the commands made by {@code factory} (tests give a command a different collaborator). */
    static int execute(PrintWriter out, PrintWriter err, CommandLine.IFactory factory, String... args) {
        CommandLine cli = new CommandLine(new Winnow(), factory);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("winnow: " + io.winnow.dsl.text.Echo.clean(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'winnow " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, line, parsed) -> CommandRunner.fail(line.getCommandSpec(), ex));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return CommandRunner.fail(cli.getCommandSpec(), e);
        }
    }

    private static String commandPath(CommandLine line) {
        String path = line.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("winnow") ? path.substring("winnow".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }
}
