package io.agentevents.streams.console;

import java.util.Optional;

/**
 * The dead letters as the web console shows them: listed per domain, inspected one at a time, and
 * replayed one at a time. The projections know no dead-letter topic themselves; the process that
 * starts them plugs a desk in (the platform module's, over the consumer SDK's dead-letter tools).
 *
 * <p>A letter replayed through the desk is no longer listed (Kafka keeps it in the dead-letter topic,
 * so the desk remembers, durably, which letters it replayed); showing it still works. Implementations
 * are thread-safe; every call may block on Kafka for a bounded time and fails with a
 * {@link RuntimeException} whose message says why.
 */
public interface DeadLetterDesk extends AutoCloseable {

    /**
     * The oldest {@code max} letters of a domain that were not replayed through the desk.
     *
     * @param domain the domain's wire name, e.g. {@code tool}
     * @throws IllegalArgumentException naming an unknown domain or a {@code max} below 1
     */
    DeadLetterList list(String domain, int max);

    /**
     * The letter at a position of a dead-letter topic; empty when there is none.
     *
     * @throws IllegalArgumentException when the topic is not a dead-letter topic, naming it
     */
    Optional<DeadLetterView> show(String topic, int partition, long offset);

    /**
     * Re-publishes the letter at a position to its source topic and partition and records that it was,
     * so that {@link #list} leaves it out from then on.
     *
     * @param by who asked (the authenticated user or token name; {@code anonymous} on an open console)
     * @return where the copy landed, {@code topic-partition@offset}; empty when there is no such letter
     * @throws IllegalArgumentException when the letter cannot be replayed (it does not name its source)
     */
    Optional<String> replay(String topic, int partition, long offset, String by);

    /**
     * Whether a caller may replay: {@code principal} is who authenticated, empty when the console
     * asks for no authentication at all.
     */
    boolean mayReplay(Optional<String> principal);

    /** Closes the desk's clients. */
    @Override
    void close();
}
