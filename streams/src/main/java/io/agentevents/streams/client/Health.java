package io.agentevents.streams.client;

import io.agentevents.streams.topology.ProjectionErrorCounter;

import java.util.List;

/**
 * {@code GET /health}: the state of the instance that answered. Immutable.
 *
 * @param httpStatus       200 when RUNNING, 503 otherwise
 * @param status           {@code RUNNING}, {@code REBALANCING}, {@code ERROR}, {@code WAITING_FOR_TOPICS}, ...
 * @param streamsState     the Kafka Streams state
 * @param instance         {@code host:port} of the instance
 * @param skipped          the records the projections skipped so far
 * @param waitingForTopics the domain topics that do not exist yet (empty unless {@code WAITING_FOR_TOPICS})
 */
public record Health(int httpStatus, String status, String streamsState, String instance,
                     ProjectionErrorCounter.Snapshot skipped, List<String> waitingForTopics) {
    public Health {
        waitingForTopics = waitingForTopics == null ? List.of() : List.copyOf(waitingForTopics);
    }

    /** Whether the projections are RUNNING (and so queryable). */
    public boolean running() {
        return httpStatus == 200;
    }
}
