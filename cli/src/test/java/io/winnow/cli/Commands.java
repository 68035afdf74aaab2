package io.winnow.cli;

import io.winnow.engine.select.Selection;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** Command factories for tests: the real commands, with a chosen collaborator where a test needs one. */
final class Commands {

    private Commands() {
    }

    /** Every command as {@code winnow} makes it, except {@code prove}, whose runs pass through {@code beforeChecks}. */
    static CommandLine.IFactory proveWith(UnaryOperator<Selection> beforeChecks) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ProveCommand.class ? type.cast(new ProveCommand(beforeChecks))
                        : CommandLine.defaultFactory().create(type);
            }
        };
    }
}
