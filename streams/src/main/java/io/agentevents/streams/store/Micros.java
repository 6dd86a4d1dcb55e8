package io.agentevents.streams.store;

import java.time.Instant;

/** Instants as microseconds since the epoch, the precision of event timestamps on the wire. Stateless. */
public final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }
}
