package io.agentevents.producer.inprocess;

import io.agentevents.api.Delivery;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of an {@link InMemoryEventBus}: appends each event that lands at the next offset and
 * delivers it, in log order, to the matching listeners and to the stream. Appending and dispatching
 * hold one re-entrant lock, so there is one total order; an event appended by a listener (a
 * re-entrant emit) is delivered after the event being dispatched has reached every listener. See
 * the bus's description for the guarantees. Thread-safe.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final Map<Domain, String> topics = new EnumMap<>(Domain.class);
    private final Duration dispatchTimeout;
    private final Subscribers subscribers;
    private final ListenerCalls calls;
    private final EventStream stream;
    private final AtomicBoolean closed;

    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final ArrayDeque<Landed> undelivered = new ArrayDeque<>(); // guarded by dispatchLock
    private boolean dispatching; // guarded by dispatchLock
    private long nextOffset; // guarded by dispatchLock
    private final List<DomainEvent> history = new ArrayList<>(); // guarded by itself

    /**
     * An event that landed and waits to be dispatched, with what its listeners are told and the
     * emitter's OpenTelemetry context, current while its listeners run (as a Kafka subscriber makes the
     * record's {@code traceparent} current): events they emit continue the emitter's trace.
     */
    private record Landed(DomainEvent event, Delivery delivery, Context context) {
    }

    /** @param closed the bus's closed flag: once set, nothing more lands */
    EventLog(InMemoryEventBusConfig config, Subscribers subscribers, ListenerCalls calls, EventStream stream,
             AtomicBoolean closed) {
        for (Domain domain : Domain.values()) {
            topics.put(domain, domain.topic(config.topicPrefix()));
        }
        this.dispatchTimeout = config.dispatchTimeout();
        this.subscribers = subscribers;
        this.calls = calls;
        this.stream = stream;
        this.closed = closed;
    }

    /** The topic an event of this domain is reported on: {@code <prefix>.<domain>}. */
    String topic(Domain domain) {
        return topics.get(domain);
    }

    /**
     * Appends the event and dispatches it, then completes {@code future} with where it landed; or
     * fails the future when the bus is closed or another thread's dispatch outlasts the timeout.
     */
    void land(DomainEvent event, CompletableFuture<EmitResult> future) {
        EmitException notLocked = lockForDispatch(event);
        if (notLocked != null) {
            future.completeExceptionally(notLocked);
            return;
        }
        EmitResult result = null;
        try {
            if (closed.get()) {
                future.completeExceptionally(refusal(event, "the event bus is closed", false, null));
                return;
            }
            result = append(event);
            if (!dispatching) { // else: re-entrant emit, delivered once the current event has reached every listener
                drainUndelivered();
            }
        } finally {
            dispatchLock.unlock();
            if (result != null) { // also when a listener threw an Error: the event landed
                future.complete(result);
            }
        }
    }

    /** Takes the dispatch lock, or says why the emit gives up. */
    private EmitException lockForDispatch(DomainEvent event) {
        if (dispatchLock.tryLock()) { // free, or held by this thread (a re-entrant emit): no wait, interrupted or not
            return null;
        }
        try {
            if (dispatchLock.tryLock(dispatchTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
            return refusal(event, "another thread has been dispatching for more than " + dispatchTimeout.toMillis()
                    + " ms (does a handler wait for a thread that emits on this bus?)", true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refusal(event, "interrupted while waiting for another thread's dispatch", true, e);
        }
    }

    /** Why an event was not emitted, as the {@link EmitException} its future fails with. */
    static EmitException refusal(DomainEvent event, String reason, boolean retriable, Throwable cause) {
        return new EmitException("event " + event.eventId() + " (" + event.type().wireName() + ") not emitted: " + reason,
                retriable, cause);
    }

    private EmitResult append(DomainEvent event) {
        long offset = nextOffset++;
        synchronized (history) {
            history.add(event);
        }
        String topic = topics.get(event.domain());
        undelivered.add(new Landed(event, Delivery.first(topic, 0, offset, Instant.now()), Context.current()));
        return new EmitResult(topic, 0, offset, event.eventId());
    }

    private void drainUndelivered() {
        dispatching = true;
        try {
            Landed next;
            while ((next = undelivered.poll()) != null) {
                dispatch(next);
            }
        } finally {
            dispatching = false;
        }
    }

    private void dispatch(Landed landed) {
        DomainEvent event = landed.event();
        try (Scope scope = landed.context().makeCurrent()) {
            subscribers.forEachMatching(event, (subscription, listener) ->
                    calls.call(subscription, listener, event, landed.delivery()));
            stream.publish(event);
        }
    }

    /** The events in the log, oldest first; an immutable snapshot. */
    List<DomainEvent> events() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The events of one type in the log, oldest first; an immutable snapshot. */
    List<DomainEvent> events(EventType type) {
        synchronized (history) {
            return history.stream().filter(event -> event.type() == type).toList();
        }
    }

    /** Forgets the events; offsets keep counting. */
    void clear() {
        synchronized (history) {
            history.clear();
        }
    }

    /** Completes the stream once a dispatch in progress on another thread has finished (waiting at most the timeout). */
    void closeStream() {
        boolean locked = dispatchLock.tryLock() || awaitDispatchToClose();
        try {
            stream.close();
        } finally {
            if (locked) {
                dispatchLock.unlock();
            }
        }
    }

    private boolean awaitDispatchToClose() {
        try {
            if (dispatchLock.tryLock(dispatchTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("closing the in-memory event bus although another thread has been dispatching for more than {} ms",
                    dispatchTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closing the in-memory event bus without waiting for a dispatch in progress: interrupted");
        }
        return false;
    }
}
