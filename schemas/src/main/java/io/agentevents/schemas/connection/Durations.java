package io.agentevents.streams.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of durations given to the projections (windows, retention, intervals, patience): each
 * names the value in its failure, {@code NullPointerException} for a missing one and
 * {@code IllegalArgumentException} ("... must be positive, was PT0S") for one out of range.
 * Stateless and thread-safe.
 */
public final class Durations {

    private Durations() {
    }

    /** {@code value}, when it is longer than zero. */
    public static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** {@code value}, when it is zero or longer. */
    public static Duration requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }
}
