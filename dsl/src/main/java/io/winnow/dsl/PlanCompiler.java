package io.winnow.dsl;

import io.vavr.collection.List;
import io.vavr.control.Either;

final class PlanCompiler {
    static Either<List<Problem>, Plan> compile(Recipe recipe, Architecture arch) {
        return Either.right(new Plan());
    }
}
