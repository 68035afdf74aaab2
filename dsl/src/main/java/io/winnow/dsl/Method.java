package io.winnow.dsl;

/** How a selection stage chooses the neurons it keeps (docs/theory.md section 2). */
public enum Method implements Word {
    LOCAL_IMITATION(true),
    GLOBAL_IMITATION(true),
    BEST_OF_LOCAL_AND_GLOBAL(true),
    MAGNITUDE(false),
    TAYLOR(false),
    RANDOM(false);

    private final boolean greedy;

    Method(boolean greedy) {
        this.greedy = greedy;
    }

    /** Greedy forward selection takes a step rule; baselines rank neurons and take none. */
    public boolean isGreedy() {
        return greedy;
    }
}
