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
                CompareCommand.class,
                SensitivityCommand.class,
                VerifyCommand.class,
                ProveCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Winnow implements java.util.concurrent.Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = CommandRunner.DEBUG_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an internal error (also WINNOW_DEBUG=1)")
    boolean debug;

    @CommandLine.Option(names = "--quiet", scope = CommandLine.ScopeType.INHERIT,
            description = "print warnings and errors only, besides the command's result")
    boolean quiet;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "print debug logs, and TensorFlow's own native log lines")
    boolean verbose;

    /** Bare {@code winnow}: the usage, on stderr, and exit 2, since no command was given. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_INPUT;
    }

    public static void main(String[] args) {
        logLevel(java.util.List.of(args));
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * --quiet and --verbose set the log level before the first logger exists (SLF4J's simple logger
     * reads it once); picocli then accepts them on every command as documented options.
     */
    static void logLevel(java.util.List<String> args) {
        if (args.contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        } else if (args.contains("--quiet")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
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
            java.util.List<String> unknown = unknownOptions(ex.getCommandLine(), a);
            if (ex instanceof CommandLine.MissingParameterException && !unknown.isEmpty()) {
                // "--outt DIR" is a misspelt option, not a missing --out: say so, with suggestions.
                ex = new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), unknown);
            }
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

    /** The arguments that look like options but name none of {@code line}'s (or its parents' inherited) options. */
    private static java.util.List<String> unknownOptions(CommandLine line, String[] args) {
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1 && !looksNumeric(arg)) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (line.getCommandSpec().findOption(name) == null) {
                    unknown.add(name);
                }
            }
        }
        return unknown;
    }

    private static boolean looksNumeric(String arg) {
        return arg.length() > 1 && (Character.isDigit(arg.charAt(1)) || arg.charAt(1) == '.');
    }

    private static String commandPath(CommandLine line) {
        String path = line.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("winnow") ? path.substring("winnow".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }
}
