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
    /** Kafka's default {@code session.timeout.ms} for a consumer group member. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** The brokers' default {@code group.min.session.timeout.ms}. */
    public static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** The brokers' default {@code group.max.session.timeout.ms}. */
    public static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    private Durations() {
    }

    /**
     * {@code value}, when a group member's session timeout within the brokers' default bounds
     * ({@link #MIN_SESSION_TIMEOUT} .. {@link #MAX_SESSION_TIMEOUT}), which the subscriber and the
     * projections share.
     */
    public static Duration requireSessionTimeout(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(MIN_SESSION_TIMEOUT) < 0 || value.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be " + MIN_SESSION_TIMEOUT.toMillis() + ".."
                    + MAX_SESSION_TIMEOUT.toMillis() + " ms (the brokers' default bounds), was " + value.toMillis() + " ms");
        }
        return value;
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
