package io.agentevents.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a bus tells an {@link EventListener} about one call: where the event is stored, which
 * attempt this is, and whether it is delivered again on purpose. Immutable.
 *
 * <p><b>Position.</b> {@code topic}, {@code partition} and {@code offset} say where the event is
 * stored. On Kafka they are the record's own position. On an in-process bus they are the position
 * its emit reported in its {@code EmitResult}: the topic the event has on Kafka
 * ({@code <prefix>.<domain>}), partition 0, and its place in the bus's history (0, 1, 2, ...). So
 * in both cases the listener sees the same position as the emitter.
 *
 * @param topic      the topic the event is stored on, e.g. {@code events.plan}
 * @param partition  its partition (0 in process)
 * @param offset     its offset in the partition (its place in the history, in process)
 * @param attempt    1 for the first call of the listener with this event, 2 for the first retry,
 *                   ... (always 1 in process: nothing is retried there)
 * @param replayed   true when the event is delivered again on purpose (a replay from a time or an
 *                   offset, or a dead letter re-published): listeners may skip side effects such as
 *                   tool or LLM calls. Always false in process.
 * @param recordTime when the bus took the event: the Kafka record's timestamp (the time of
 *                   sending); in process, the time the emit landed in the history. The event's own
 *                   time is {@code DomainEvent.timestamp()}.
 */
public record Delivery(String topic, int partition, long offset, int attempt, boolean replayed, Instant recordTime) {

    /** Validates every field and names the bad one. */
    public Delivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(recordTime, "recordTime");
        atLeast("partition", partition, 0);
        atLeast("offset", offset, 0);
        atLeast("attempt", attempt, 1);
    }

    private static void atLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
        }
    }

    /** The first call of the listeners with an event at this position, not a replay. */
    public static Delivery first(String topic, int partition, long offset, Instant recordTime) {
        return new Delivery(topic, partition, offset, 1, false, recordTime);
    }
}
