package io.agentevents.producer.inprocess;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.api.Subscription;
import io.agentevents.schemas.DomainEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one place an {@link InMemoryEventBus} runs listener code: calls a listener, and records,
 * logs (once, at WARN, on the bus's logger) and reports to the failure listener what it threw.
 * An {@link Error} is not caught. Thread-safe.
 */
final class ListenerCalls {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final Consumer<HandlerFailure> failureListener;
    private final List<HandlerFailure> failures = new CopyOnWriteArrayList<>();

    /** @param failureListener told of each failure after it is recorded and logged; may be null */
    ListenerCalls(Consumer<HandlerFailure> failureListener) {
        this.failureListener = failureListener;
    }

    void call(Subscription subscription, EventListener listener, DomainEvent event, Delivery delivery) {
        try {
            listener.onEvent(event, delivery);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            HandlerFailure failure = new HandlerFailure(event, subscription, e);
            failures.add(failure);
            LOG.warn("{}; the other handlers still received it", failure.describe(), e);
            notifyListener(failure);
        }
    }

    private void notifyListener(HandlerFailure failure) {
        if (failureListener == null) {
            return;
        }
        try {
            failureListener.accept(failure);
        } catch (RuntimeException e) {
            LOG.warn("the failure listener threw while being told that {}", failure.describe(), e);
        }
    }

    /** The failures since the last {@link #clear()}, in the order they happened; an immutable snapshot. */
    List<HandlerFailure> failures() {
        return List.copyOf(failures);
    }

    void clear() {
        failures.clear();
    }
}
