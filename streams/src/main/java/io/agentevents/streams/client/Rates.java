package io.agentevents.streams.client;

import io.agentevents.streams.model.RateWindow;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /rates}: counts of one event type per one-minute window. Immutable.
 *
 * @param type    the wire type name, e.g. {@code tool.invoked}
 * @param from    start of the range asked for
 * @param to      end of the range asked for
 * @param windows the windows with events, oldest first
 */
public record Rates(String type, Instant from, Instant to, List<RateWindow> windows) {
    public Rates {
        Objects.requireNonNull(type, "type");
        windows = List.copyOf(windows);
    }
}
