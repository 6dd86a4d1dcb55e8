package io.agentevents.local.testing.faults;

/** Which way bytes flow through a {@link FaultProxy}. */
public enum Direction {
    /** From the client that connected to the proxy towards the upstream server (requests). */
    UPSTREAM,
    /** From the upstream server back to the client (responses). */
    DOWNSTREAM
}
