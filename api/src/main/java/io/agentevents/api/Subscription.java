package io.agentevents.api;

/**
 * A registration of listeners with a bus; close it to stop delivery. On an in-process bus it is
 * one listener's subscription ({@link Subscribable}); on Kafka it is the {@code EventSubscriber}
 * itself, all its listeners in its consumer group.
 *
 * <p>Once {@link #close()} has returned, no further event reaches the listeners; a call running at
 * that moment may still finish. Idempotent and thread-safe.
 */
public interface Subscription extends AutoCloseable {

    /** Whether the listeners still receive events: not closed, and the bus still running. */
    boolean isActive();

    /** Stops delivery to the listeners. Idempotent. */
    @Override
    void close();
}
