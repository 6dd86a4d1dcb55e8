package io.agentevents.producer;

/**
 * A handler's registration with a bus. Closing it stops delivery to that handler (an event
 * being delivered at that moment may still reach it). Idempotent and thread-safe.
 */
public interface Subscription extends AutoCloseable {

    /** Whether the handler still receives events. */
    boolean isActive();

    @Override
    void close();
}
