package io.winnow.tf.prune;

import io.vavr.control.Option;

import java.util.function.Function;

/** A width the budget fixes for each group on its own: count(k), ratio(x), tolerance(eps). */
record FixedWidth(Function<GroupContext, Width> width) implements WidthPolicy {

    @Override
    public Option<Integer> count(GroupContext g) {
        return width.apply(g) instanceof Width.Count c ? Option.some(c.k()) : Option.none();
    }

    @Override
    public LayerResult select(GroupContext g, Selector selector) {
        return LayerResult.of(g, selector.select(g, width.apply(g)), Option.none());
    }
}
