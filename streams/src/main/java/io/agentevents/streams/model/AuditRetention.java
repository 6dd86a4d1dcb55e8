package io.agentevents.streams.model;

import io.agentevents.schemas.connection.Durations;

import java.time.Duration;

/**
 * How much of an {@link AuditTrail} is kept: at most {@code maxEntries} entries, none older than
 * {@code maxAge} before the trail's newest entry. The oldest entries (by timestamp, then event id)
 * are evicted first and counted in {@link AuditTrail#dropped()}. Immutable.
 *
 * @param maxEntries most entries per trail, at least 1 (default {@value #DEFAULT_MAX_ENTRIES})
 * @param maxAge     longest span between an entry and the trail's newest entry, positive (default 30 days)
 */
public record AuditRetention(int maxEntries, Duration maxAge) {

    /** Entries kept per trail unless configured otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** Age kept per trail unless configured otherwise. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

    /** Validates both bounds, naming the bad one. */
    public AuditRetention {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        Durations.requirePositive("maxAge", maxAge);
    }

    /** {@value #DEFAULT_MAX_ENTRIES} entries, 30 days. */
    public static AuditRetention defaults() {
        return new AuditRetention(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE);
    }

    public AuditRetention withMaxEntries(int newMaxEntries) {
        return new AuditRetention(newMaxEntries, maxAge);
    }

    public AuditRetention withMaxAge(Duration newMaxAge) {
        return new AuditRetention(maxEntries, newMaxAge);
    }
}
