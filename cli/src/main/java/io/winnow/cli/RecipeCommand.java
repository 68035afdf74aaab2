package io.winnow.cli;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.common.output.Outputs;
import io.winnow.dsl.network.Architecture;
import io.winnow.dsl.network.Architectures;
import io.winnow.dsl.Plan;
import io.winnow.dsl.Recipe;
import io.winnow.dsl.RecipeDocument;
import io.winnow.dsl.RecipeText;
import io.winnow.dsl.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code winnow recipe check|fmt|explain}: recipe files without running anything. */
@Command(name = "recipe", description = "Check, format and explain recipe files.",
        mixinStandardHelpOptions = true,
        subcommands = {RecipeCommand.Check.class, RecipeCommand.Fmt.class, RecipeCommand.Explain.class})
public final class RecipeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads and parses a recipe file, or prints its diagnostics and returns empty. */
    static Either<List<Diagnostic>, RecipeDocument> load(Path file) {
        String text = Files2.readRecipe(file);
        return RecipeText.parse(text, file.toString());
    }

    /**
     * The architecture to compile against: a built-in's ({@code --arch}) or a model's ({@code --model}, a
     * Winnow model directory or an ONNX file), at most one of them; null when neither is given.
     */
    static Architecture architecture(String arch, Path model) {
        if (arch != null && model != null) {
            throw new UserError("give --arch NAME or --model MODEL, not both");
        }
        if (model != null) {
            return io.winnow.WinnowModel.load(model).architecture();
        }
        return arch == null ? null : ArchNames.resolve(arch);
    }

    static Either<List<Diagnostic>, Plan> compile(RecipeDocument doc, Architecture arch) {
        return doc.recipe().compile(arch).mapLeft(problems -> problems.map(doc::locate));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Exit 0 if every file is a valid recipe; else one line per problem on stderr, exit 2.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "recipe files")
        java.util.List<Path> files;

        @Option(names = "--arch", paramLabel = "NAME",
                description = "also compile against this built-in architecture: ${COMPLETION-CANDIDATES}",
                completionCandidates = ArchNames.class)
        String arch;

        @Option(names = "--model", paramLabel = "MODEL",
                description = "also compile against this model's architecture: a Winnow model directory or an ONNX file (.onnx)")
        Path model;

        @Override
        public Integer call() {
            Architecture architecture;
            try {
                architecture = architecture(arch, model);
            } catch (io.winnow.common.UserInputException e) {
                return CommandRunner.fail(spec, e);
            }
            int bad = 0;
            for (Path file : files) {
                List<Diagnostic> problems;
                try {
                    Either<List<Diagnostic>, RecipeDocument> parsed = load(file);
                    problems = parsed.isLeft() ? parsed.getLeft()
                            : architecture == null ? List.empty()
                            : compile(parsed.get(), architecture).fold(d -> d, p -> List.empty());
                } catch (UserError e) {
                    spec.commandLine().getErr().println(io.winnow.dsl.text.Echo.escape(e.getMessage()));
                    bad++;
                    continue;
                }
                problems.forEach(d -> spec.commandLine().getErr().println(d));
                if (problems.isEmpty()) {
                    spec.commandLine().getOut().println(file + ": ok");
                } else {
                    bad++;
                }
            }
            return bad == 0 ? Winnow.EXIT_OK : Winnow.EXIT_BAD_INPUT;
        }
    }

    @Command(name = "fmt", mixinStandardHelpOptions = true,
            description = "Print the canonical form of a recipe; --write replaces the file with it (atomically); "
                    + "--upgrade writes it in the current recipe version with the same meaning.")
    static final class Fmt implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the recipe file")
        Path file;

        @Option(names = "--write", description = "rewrite FILE in canonical form instead of printing it")
        boolean write;

        @Option(names = "--upgrade", description = "write the recipe in the current version (winnow-recipe "
                + Recipe.CURRENT_VERSION + "), spelling out what an older version's defaults meant, e.g. "
                + "correctBias(false) on a version-1 localImitation() stage, correctScale(false) on a version-2 one")
        boolean upgrade;

        @Override
        public Integer call() {
            Either<List<Diagnostic>, RecipeDocument> parsed = load(file);
            if (parsed.isLeft()) {
                parsed.getLeft().forEach(d -> spec.commandLine().getErr().println(d));
                return Winnow.EXIT_BAD_INPUT;
            }
            String canonical = RecipeText.print(upgrade ? RecipeText.upgrade(parsed.get()) : parsed.get());
            if (write) {
                Outputs.replaceFile(file, canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                spec.commandLine().getOut().print(canonical);
                spec.commandLine().getOut().flush();
            }
            return Winnow.EXIT_OK;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Compile a recipe against an architecture (a built-in or a model's) and print the plan: "
                    + "layers, widths, params, FLOPs.")
    static final class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the recipe file")
        Path file;

        @Option(names = "--arch", paramLabel = "NAME",
                description = "a built-in architecture: ${COMPLETION-CANDIDATES}", completionCandidates = ArchNames.class)
        String arch;

        @Option(names = "--model", paramLabel = "MODEL",
                description = "or a model's architecture: a Winnow model directory or an ONNX file (.onnx)")
        Path model;

        @Option(names = "--json", description = "print the plan as one JSON object instead of the table")
        boolean json;

        @Override
        public Integer call() {
            return CommandRunner.run(spec, this::explain);
        }

        private int explain() {
            Architecture architecture = architecture(arch, model);
            if (architecture == null) {
                throw new UserError("give the architecture to compile against: --arch NAME or --model MODEL");
            }
            Either<List<Diagnostic>, Plan> plan = load(file).flatMap(doc -> compile(doc, architecture));
            if (plan.isLeft()) {
                plan.getLeft().forEach(d -> spec.commandLine().getErr().println(d));
                return Winnow.EXIT_BAD_INPUT;
            }
            if (json) {
                JsonOutput.print(spec.commandLine().getOut(), JsonOutput.plan(plan.get()));
                return Winnow.EXIT_OK;
            }
            spec.commandLine().getOut().print(plan.get().explain());
            spec.commandLine().getOut().flush();
            return Winnow.EXIT_OK;
        }
    }


}
