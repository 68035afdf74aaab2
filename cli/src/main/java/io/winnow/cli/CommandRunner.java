package io.winnow.cli;

import io.vavr.control.Option;
import io.winnow.common.UserInputException;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.FashionMnist;
import io.winnow.tf.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Exit codes shared by the commands: 0 success; 2 for what the user can fix (bad path, corrupt
 * data, not a model, existing output), printed as one line without a stack trace; 1 when the run
 * itself fails.
 */
final class CommandRunner {

    static final int USER_ERROR = CommandLine.ExitCode.USAGE;
    static final int RUN_FAILURE = CommandLine.ExitCode.SOFTWARE;

    private CommandRunner() {
    }

    static int run(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        try {
            return body.call();
        } catch (UserInputException e) {
            err.println(name + ": " + e.getMessage());
            return USER_ERROR;
        } catch (TrainingDivergedException e) {
            err.println(name + ": " + e.getMessage());
            return RUN_FAILURE;
        } catch (Exception e) {
            err.println(name + ": failed: " + e.getMessage());
            e.printStackTrace(err);
            return RUN_FAILURE;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    /** {@code --data}: a directory of IDX files, the word {@code embedded}, or (absent) found automatically. */
    static Dataset data(String option) {
        if (option == null) {
            return FashionMnist.locate(Option.none());
        }
        return option.equals("embedded") ? FashionMnist.embedded() : FashionMnist.locate(Option.some(Path.of(option)));
    }

    static final String DATA_HELP = "Fashion-MNIST IDX directory, or 'embedded' for the subset shipped with Winnow "
            + "(default: " + "/usr/share/datasets/fashion-mnist if installed, else embedded)";
}
