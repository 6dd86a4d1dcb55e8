package io.agentevents.reliability;

/**
 * How big the scenarios run. By default they fit the CI budget (the whole suite in under five
 * minutes on two cores); {@code -Dreliability.long=true} runs the long variant, with the counts
 * given for it (see docs/reliability.md).
 */
final class Scale {
    /** System property switching to the long variant. */
    static final String LONG_PROPERTY = "reliability.long";
    static final boolean LONG = Boolean.getBoolean(LONG_PROPERTY);

    private Scale() {
    }

    /** {@code normal} by default, {@code longRun} with {@code -Dreliability.long=true}. */
    static int count(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
