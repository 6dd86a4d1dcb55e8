package io.agentevents.consumer.deadletter;

import java.util.Objects;

/**
 * A replay stopped part-way: Kafka refused a record or did not acknowledge it in time. Once a
 * failure is known nothing more is sent; {@link #partial()} lists every record Kafka acknowledged.
 * A record that failed, or that was in flight when the failure came, may still have been written
 * (at-least-once), so replaying it again may publish it twice, which handlers tolerate by
 * deduplicating on the event id.
 */
public final class ReplayException extends DeadLetterException {
    private static final long serialVersionUID = 1L;

    private final transient ReplayResult partial;

    public ReplayException(String message, boolean retriable, Throwable cause, ReplayResult partial) {
        super(message, retriable, cause);
        this.partial = Objects.requireNonNull(partial, "partial");
    }

    /** What was re-published (acknowledged by Kafka) before the failure. */
    public ReplayResult partial() {
        return partial;
    }
}
