package io.agentevents.streams.client;

import io.agentevents.streams.model.AuditTrail;

import java.util.Objects;

/**
 * {@code GET /audit/{correlationId}} or {@code GET /audit?planId=}: a trail and how fresh it is. Immutable.
 *
 * @param key       the correlation id or plan id asked for
 * @param trail     the entries, oldest first, with the offsets folded in and the entries dropped
 * @param freshness the input offsets it reflects and who served it
 */
public record TrailAnswer(String key, AuditTrail trail, Freshness freshness) {
    public TrailAnswer {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(trail, "trail");
        Objects.requireNonNull(freshness, "freshness");
    }
}
