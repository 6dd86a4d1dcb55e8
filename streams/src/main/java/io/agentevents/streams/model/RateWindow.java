package io.agentevents.streams.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How many events of one type happened in one tumbling window: the value of the
 * {@code projections.event-rates} topic (key {@code <type>@<windowStart ISO-8601>}) and an element
 * of the query API's rate answers. Counts records, so a redelivered duplicate counts again.
 * Immutable.
 *
 * @param eventType   the wire type name, e.g. {@code tool.invoked}
 * @param windowStart start of the window, inclusive
 * @param windowEnd   end of the window, exclusive
 * @param count       events of the type with an event time inside the window
 */
public record RateWindow(String eventType, Instant windowStart, Instant windowEnd, long count) {

    /** Requires every field and a window that ends after it starts. */
    public RateWindow {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("windowEnd " + windowEnd + " must be after windowStart " + windowStart);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    /** The key of this window on {@code projections.event-rates}: {@code <type>@<windowStart>}. */
    public String topicKey() {
        return eventType + "@" + windowStart;
    }
}
