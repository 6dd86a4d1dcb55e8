package io.agentevents.local.testing.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a {@link FaultProxy} applies to the bytes of one {@link Direction}. At most one toxic of
 * each kind per direction: adding one replaces the one of its kind. Immutable values; constructors
 * reject nonsense (negative times, zero rates) with an {@link IllegalArgumentException} naming it.
 */
public sealed interface Toxic {

    /**
     * Every chunk of bytes is held {@code latency} plus a uniform random {@code [-jitter, +jitter]}
     * (never less than zero) before it is passed on; order is kept (a chunk never overtakes the
     * one before it).
     */
    record Latency(Duration latency, Duration jitter) implements Toxic {
        public Latency {
            requireNonNegative(latency, "latency");
            requireNonNegative(jitter, "jitter");
        }

        public static Latency of(Duration latency) {
            return new Latency(latency, Duration.ZERO);
        }
    }

    /** At most {@code kilobitsPerSecond} (1,000 bits) pass per second, paced in slices of at most 50 ms. */
    record Bandwidth(long kilobitsPerSecond) implements Toxic {
        public Bandwidth {
            if (kilobitsPerSecond < 1) {
                throw new IllegalArgumentException("kilobitsPerSecond must be at least 1, was " + kilobitsPerSecond);
            }
        }
    }

    /**
     * Writes are split into pieces of at most {@code maxBytes}, with {@code delay} between two
     * pieces: the peer sees many small reads (TCP segments) instead of one.
     */
    record Slicer(int maxBytes, Duration delay) implements Toxic {
        public Slicer {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
            }
            requireNonNegative(delay, "delay");
        }
    }

    /**
     * The link is down in this direction: nothing passes, nothing is lost. Bytes wait (and, once
     * the proxy's small buffer is full, the sender's TCP window fills) until the toxic is removed,
     * as in a network partition that heals before TCP gives up. New connections are still
     * accepted (the proxy is local), and their bytes wait too.
     */
    record Cut() implements Toxic {
    }

    /**
     * Bytes in this direction are read and thrown away: a connection that looks open and never
     * answers (half-open). Since the streams then have a gap, every connection that lost bytes is
     * closed with a reset when the black hole is removed.
     */
    record BlackHole() implements Toxic {
    }

    /**
     * Connections are closed with a TCP reset (RST, {@code SO_LINGER} 0): every open one when the
     * toxic is added, and every new one at once while it is present (in either direction, the
     * whole connection goes).
     */
    record Reset() implements Toxic {
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
