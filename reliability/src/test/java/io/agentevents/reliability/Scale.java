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
    /**
     * System property running the heavy scenarios (the network faults on a cluster of their own, the
     * three-instance projections failover) in a default-sized run too; the long variant always runs them.
     */
    static final String HEAVY_PROPERTY = "reliability.heavy";

    private Scale() {
    }

    /**
     * Whether the heavy scenarios run: with {@code -Dreliability.heavy=true} or the long variant. They
     * take four to eight minutes beside the rest of {@code mvn -B verify} on two cores, which the CI
     * budget (15 minutes for the whole run) cannot hold yet; see docs/reliability.md.
     */
    static boolean heavy() {
        return LONG || Boolean.getBoolean(HEAVY_PROPERTY);
    }

    /** {@code normal} by default, {@code longRun} with {@code -Dreliability.long=true}. */
    static int count(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
