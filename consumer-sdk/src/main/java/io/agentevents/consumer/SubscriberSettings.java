package io.agentevents.consumer;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The values a {@link SubscriberConfig} holds, validated when made: the fields are checked in the
 * order declared and the first bad one is named in the {@link IllegalArgumentException} (or
 * {@link NullPointerException}). Two are equal when every value is. Made only by
 * {@link SubscriberConfig}, whose class comment gives the defaults. Immutable and thread-safe.
 *
 * @param maxBufferedRecords given, at least {@code maxConcurrency}; or null for the default
 *                           ({@link #defaultBufferedRecords}); never null once made
 * @param instanceId         empty for dynamic membership; never blank
 */
record SubscriberSettings(ClusterConnection connection, String groupId, String topicPrefix, int maxConcurrency,
                          int maxAttempts, Duration initialBackoff, Duration maxBackoff, FailureStrategy failureStrategy,
                          Integer maxBufferedRecords, Duration commitInterval, StartPosition startPosition,
                          boolean strictTypes, Duration revokeTimeout, DeadLetterPolicy deadLetterPolicy,
                          boolean commitOffsets, Optional<String> instanceId, Duration sessionTimeout) {

    private static final int DEFAULT_BUFFERED_RECORDS = 1_000;

    SubscriberSettings {
        Objects.requireNonNull(connection, "connection");
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId is required");
        }
        Domain.PLAN.topic(Objects.requireNonNull(topicPrefix, "topicPrefix")); // validates it, naming it
        atLeast("maxConcurrency", maxConcurrency, 1);
        atLeast("maxAttempts", maxAttempts, 1);
        Durations.requirePositive("initialBackoff", initialBackoff);
        Durations.requirePositive("maxBackoff", maxBackoff);
        Objects.requireNonNull(failureStrategy, "failureStrategy");
        maxBufferedRecords = maxBufferedRecords != null
                ? atLeast("maxBufferedRecords", maxBufferedRecords, maxConcurrency)
                : defaultBufferedRecords(maxConcurrency);
        Durations.requirePositive("commitInterval", commitInterval);
        Objects.requireNonNull(startPosition, "startPosition");
        Durations.requirePositive("revokeTimeout", revokeTimeout);
        Objects.requireNonNull(deadLetterPolicy, "deadLetterPolicy");
        Objects.requireNonNull(instanceId, "instanceId").ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank (leave it unset for dynamic membership)");
            }
        });
        Durations.requireSessionTimeout("sessionTimeout", sessionTimeout);
    }

    /** The buffer of a subscriber that does not set one: 1,000 records, and at least 4 per handler slot. */
    static int defaultBufferedRecords(int maxConcurrency) {
        return Math.max(DEFAULT_BUFFERED_RECORDS, 4 * maxConcurrency);
    }

    private static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }
}
