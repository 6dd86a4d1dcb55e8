package io.agentevents.api;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventType;

/**
 * A bus that delivers its events to listeners in this process: {@code InMemoryEventBus}, or a
 * {@code LoggingEventBus} in front of one (module {@code producer}). Subscribing here creates
 * nothing outside the process. On Kafka, the same {@link EventListener}s are registered with an
 * {@code EventSubscriber} (module {@code consumer-sdk}), whose consumer group is always named by the
 * caller, never made up.
 *
 * <p>Each method subscribes one listener: it receives every matching event whose emit landed after
 * the method returned, until its {@link Subscription} is closed or the bus is. Thread-safe; may be
 * called from a listener.
 */
public interface Subscribable {

    /**
     * Calls {@code listener} for every later event of one type.
     *
     * @throws IllegalArgumentException      for {@link EventType#UNKNOWN}, which is never emitted
     * @throws IllegalStateException         if the bus is closed
     * @throws UnsupportedOperationException if this bus delivers no events in process
     */
    Subscription subscribe(EventType type, EventListener listener);

    /**
     * Calls {@code listener} for every later event of one domain.
     *
     * @throws IllegalStateException         if the bus is closed
     * @throws UnsupportedOperationException if this bus delivers no events in process
     */
    Subscription subscribe(Domain domain, EventListener listener);

    /**
     * Calls {@code listener} for every later event.
     *
     * @throws IllegalStateException         if the bus is closed
     * @throws UnsupportedOperationException if this bus delivers no events in process
     */
    Subscription subscribeAll(EventListener listener);
}
