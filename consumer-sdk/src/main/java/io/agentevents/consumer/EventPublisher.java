package io.agentevents.consumer;

import io.agentevents.api.EventListener;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * A reactive ({@link Flow}) view of events on Kafka: every {@link Flow.Subscriber} receives the
 * events of the chosen types or domains, in partition order, with back-pressure: when a
 * subscriber's buffer is full, reading from Kafka waits (the subscriber's bounded buffer then pauses
 * the partitions). Delivery is at-least-once: an event is committed once it is handed to every
 * Flow subscriber's buffer, so a crash may hand the last ones again.
 *
 * <p>Reads start when the publisher is created; {@link #close()} completes every Flow subscriber.
 * Thread-safe.
 */
public final class EventPublisher implements Flow.Publisher<DomainEvent>, AutoCloseable {
    private final SubmissionPublisher<DomainEvent> publisher;
    private final EventSubscriber subscriber;

    private EventPublisher(SubscriberConfig config, List<EventType> types, List<Domain> domains, int bufferCapacity) {
        this.publisher = new SubmissionPublisher<>(Runnable::run, bufferCapacity);
        EventSubscriber.Builder builder = EventSubscriber.builder(config.toBuilder().maxConcurrency(1).build());
        EventListener forward = (event, delivery) -> publisher.submit(event);
        types.forEach(type -> builder.on(type, forward));
        domains.forEach(domain -> builder.on(domain, forward));
        if (types.isEmpty() && domains.isEmpty()) {
            builder.onAll(forward);
        }
        this.subscriber = builder.build();
    }

    /**
     * Starts reading the given types and domains (all events when both are empty) and publishes
     * them; each Flow subscriber gets a buffer of {@code bufferCapacity} events.
     */
    public static EventPublisher start(SubscriberConfig config, List<EventType> types, List<Domain> domains,
                                       int bufferCapacity) {
        Objects.requireNonNull(config, "config");
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bufferCapacity must be at least 1, was " + bufferCapacity);
        }
        EventPublisher eventPublisher = new EventPublisher(config, List.copyOf(types), List.copyOf(domains), bufferCapacity);
        eventPublisher.subscriber.start();
        return eventPublisher;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super DomainEvent> flowSubscriber) {
        publisher.subscribe(flowSubscriber);
    }

    /** The subscriber that reads Kafka for this publisher (its state and metrics). */
    public EventSubscriber subscriber() {
        return subscriber;
    }

    /** Stops reading (committing what was published) and completes every Flow subscriber. */
    @Override
    public void close() {
        subscriber.close();
        publisher.close();
    }
}
