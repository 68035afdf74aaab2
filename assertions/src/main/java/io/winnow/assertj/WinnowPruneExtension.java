package io.winnow.assertj;

import io.vavr.collection.List;
import io.vavr.control.Either;
import io.winnow.PruneResult;
import io.winnow.WinnowModel;
import io.winnow.dsl.Diagnostic;
import io.winnow.dsl.Plan;
import io.winnow.dsl.RecipeText;
import io.winnow.tf.data.DataReader;
import io.winnow.tf.data.Dataset;
import io.winnow.tf.data.Normalisation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link WinnowPrune}'s runner: prunes once per test class, when a test first asks for the run (so
 * a {@code @BeforeAll} method may still make the model), keeps it in the class's store and resolves
 * {@code PruneResult} and {@link ReportOnDisk} parameters.
 */
public final class WinnowPruneExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WinnowPruneExtension.class);

    /**
     * The run and its report saved beside the pruned model, made once per class; the temporary
     * directory it was saved under is deleted when the class's tests are done.
     */
    record Run(PruneResult result, ReportOnDisk saved, Path temporary)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            try (Stream<Path> tree = Files.walk(temporary)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PruneResult.class || type == ReportOnDisk.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Run run = run(context);
        return parameter.getParameter().getType() == PruneResult.class ? run.result() : run.saved();
    }

    private static Run run(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestClass().isPresent() && classContext.getParent().flatMap(ExtensionContext::getTestClass)
                .filter(c -> c == testClass).isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, c -> prune(testClass), Run.class);
    }

    private static Run prune(Class<?> testClass) {
        WinnowPrune spec = AnnotationSupport.findAnnotation(testClass, WinnowPrune.class).orElseThrow(() ->
                new ExtensionConfigurationException(testClass.getName() + " is not annotated with @WinnowPrune"));
        Path recipeFile = Path.of(spec.recipe());
        WinnowModel model = WinnowModel.load(Path.of(spec.model()));
        String text;
        try {
            text = Files.readString(recipeFile);
        } catch (IOException e) {
            throw new UncheckedIOException("@WinnowPrune on " + testClass.getName() + ": cannot read recipe "
                    + recipeFile + ": " + e.getMessage(), e);
        }
        Either<List<Diagnostic>, Plan> plan = RecipeText.compile(text, recipeFile.toString(), model.architecture());
        if (plan.isLeft()) {
            throw new ExtensionConfigurationException("@WinnowPrune on " + testClass.getName() + ": " + recipeFile
                    + " does not fit " + model.directory() + ": " + plan.getLeft().mkString("; "));
        }
        Dataset data = DataReader.read(spec.data(), model.architecture().input(), model.architecture().classes(),
                Normalisation.NONE);
        PruneResult result = io.winnow.Winnow.prune(plan.get(), model, data,
                plan.get().recipe().seedValue().getOrElse(0L), recipeFile.toString());
        try {
            Path temporary = Files.createTempDirectory("winnow-prune-");
            return new Run(result, PruneReportFiles.read(result.save(temporary.resolve("pruned"))), temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the pruned model: " + e.getMessage(), e);
        }
    }
}
