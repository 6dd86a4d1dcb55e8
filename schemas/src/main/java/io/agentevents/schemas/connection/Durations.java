package io.agentevents.schemas.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of durations given to a configuration (timeouts, intervals, windows, retention,
 * patience), one home for every module's configs: each names the value in its failure, {@code NullPointerException} for a missing one and
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
