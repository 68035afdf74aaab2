package io.winnow.cli;

import io.winnow.dsl.text.Echo;
import io.winnow.common.UserInputException;
import io.winnow.dsl.network.Architecture;
import io.winnow.tf.data.DataReader;
import io.winnow.tf.data.DataSource;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import io.winnow.tf.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one error path of every command. Exit codes are {@link Winnow}'s: 0 success; 2 for what the
 * user can fix (bad path, corrupt data, not a model, existing output, an option out of range); 1 when
 * the run itself fails (divergence, a write that fails, an internal error). Each failure is one line
 * on stderr; the stack trace of an internal error is printed only with {@code --debug} or
 * {@code WINNOW_DEBUG=1}.
 */
final class CommandRunner {

    static final String DEBUG_OPTION = "--debug";
    static final String DEBUG_VARIABLE = "WINNOW_DEBUG";

    private CommandRunner() {
    }

    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return fail(spec, e);
        } finally {
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().flush();
        }
    }

    /** Prints one line for the failure and returns the exit code; the trace only when asked. */
    static int fail(CommandSpec spec, Throwable e) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int exit;
        String line;
        if (e instanceof UserInputException) {
            exit = Winnow.EXIT_BAD_INPUT;
            line = e.getMessage();
        } else if (e instanceof TrainingDivergedException) {
            exit = Winnow.EXIT_RUN_FAILED;
            line = e.getMessage();
        } else if (e instanceof UncheckedIOException || e instanceof IOException) {
            exit = Winnow.EXIT_RUN_FAILED;
            line = "the run failed: " + e.getMessage();
        } else if (e instanceof OutOfMemoryError) {
            exit = Winnow.EXIT_RUN_FAILED;
            line = "out of memory (" + e.getMessage() + "); give Java more memory (WINNOW_JAVA_OPTS=-Xmx8g), or use a smaller "
                    + "model, data set or calibration(n)";
        } else {
            exit = Winnow.EXIT_RUN_FAILED;
            line = "internal error: " + e + "; rerun with " + DEBUG_OPTION + " / " + DEBUG_VARIABLE
                    + "=1 for the stack trace";
        }
        err.println(name + ": " + Echo.escape(String.valueOf(line)));
        if (debug(spec)) {
            e.printStackTrace(err);
        }
        err.flush();
        return exit;
    }

    private static boolean debug(CommandSpec spec) {
        CommandLine.Model.OptionSpec option = spec.root().findOption(DEBUG_OPTION);
        String variable = System.getenv(DEBUG_VARIABLE);
        return (option != null && Boolean.TRUE.equals(option.getValue()))
                || (variable != null && !variable.isEmpty() && !variable.equals("0"));
    }

    /**
     * {@code --data} read for a model of architecture {@code arch}: Fashion-MNIST (IDX files, the word
     * {@code embedded}, or found automatically when absent), class folders of images, or NumPy arrays
     * ({@link DataReader}), normalised. The class order of an image folder is printed to {@code notes}.
     */
    static Dataset data(String option, Normalisation normalisation, Architecture arch, PrintWriter notes) {
        Dataset data = DataReader.read(option, arch.input(), arch.classes(), normalisation);
        if (data.source() instanceof DataSource.Images) {
            notes.println("classes (label, folder): " + data.classOrder());
            notes.flush();
        }
        return data;
    }

    static final String DATA_HELP = "Fashion-MNIST IDX directory; a folder of images (PNG, JPEG) with one subfolder per "
            + "class, or train/ and test/ holding them; NumPy arrays x and y (optionally x_test and y_test) in an "
            + "npz file or a directory of npy files; or 'embedded' for the subset shipped with Winnow "
            + "(default: /usr/share/datasets/fashion-mnist if installed, else embedded). See docs/cli.md, Your own data";
}
