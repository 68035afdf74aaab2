package io.winnow.dsl;

/** How a selection stage chooses the neurons it keeps (method.md section 2). */
public enum Method {
    LOCAL_IMITATION("localImitation", true),
    GLOBAL_IMITATION("globalImitation", true),
    BEST_OF_LOCAL_AND_GLOBAL("bestOfLocalAndGlobal", true),
    MAGNITUDE("magnitude", false),
    TAYLOR("taylor", false),
    RANDOM("random", false);

    private final String word;
    private final boolean greedy;

    Method(String word, boolean greedy) {
        this.word = word;
        this.greedy = greedy;
    }

    /** The word that starts this stage in a recipe, e.g. {@code localImitation}. */
    public String word() {
        return word;
    }

    /** Greedy forward selection takes a step rule; baselines rank neurons and take none. */
    public boolean isGreedy() {
        return greedy;
    }
}
