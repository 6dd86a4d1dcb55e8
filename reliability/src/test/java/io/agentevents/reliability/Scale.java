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
     * System property that leaves out the heavy scenarios (the network faults on a cluster of their own,
     * the three-instance projections failover) when {@code false}, for a quicker local run; they run by
     * default and always in the long variant.
     */
    static final String HEAVY_PROPERTY = "reliability.heavy";

    private Scale() {
    }

    /**
     * Whether the heavy scenarios run: unless {@code -Dreliability.heavy=false} (never false in the long
     * variant). In {@code mvn -B verify} they run beside the cli module's tests (docs/reliability.md).
     */
    static boolean heavy() {
        return LONG || !"false".equalsIgnoreCase(System.getProperty(HEAVY_PROPERTY, "true").trim());
    }

    /** {@code normal} by default, {@code longRun} with {@code -Dreliability.long=true}. */
    static int count(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
