package io.agentevents.producer.inprocess;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.producer.EventHandler;
import io.agentevents.producer.Subscription;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An in-process {@link EventBus}: records every emitted event and delivers it synchronously to
 * handlers and asynchronously to a reactive {@link #stream()}. The test double of the platform (as
 * Kafka's {@code MockProducer} is of {@code KafkaProducer}), and a bus for single-process use.
 *
 * <p><b>Emit.</b> {@link #emit} refuses an event of type {@link EventType#UNKNOWN} and any event
 * after {@link #close()} (the future fails with a non-retriable {@link EmitException}). Otherwise it
 * appends the event to the history, calls on the emitting thread every active handler subscribed
 * to its type, its domain or everything, in subscription order, offers it to the stream, and then
 * returns a completed future of an {@link EmitResult}: topic {@code <prefix>.<domain>} (as on
 * Kafka), partition 0, offset = the event's position in the history since the bus was created
 * (0, 1, 2, ...; {@link #clear()} does not reset it).
 *
 * <p><b>Handler failures.</b> A handler that throws an {@link Exception} does not stop the other
 * handlers nor fail the emit (the event was emitted): the failure is recorded as a
 * {@link HandlerFailure} ({@link #failures()}), passed to the failure listener given at
 * construction, if any, and logged once at WARN. An {@link Error} (a failed test assertion, a
 * broken JVM) is not caught: it propagates out of {@code emit} on the emitting thread; the event
 * stays in the history and events still waiting for dispatch are delivered by the next emit.
 *
 * <p><b>Ordering and threads.</b> Appending to the history and dispatching to handlers and stream
 * happen under one bus-wide lock, so:
 * <ul>
 *   <li>every handler and every stream subscriber sees events in history order: one total order
 *       per bus, which includes the emit order of each thread (and so of each correlation id
 *       emitted from one thread); between threads the order is whichever emit took the lock first;</li>
 *   <li>handlers of one bus never run concurrently, so a handler needs no synchronization of its own
 *       against other handlers of the same bus;</li>
 *   <li>emits from other threads wait while a handler runs; an emit that waited longer than
 *       {@link InMemoryEventBusConfig#dispatchTimeout()} fails with a <em>retriable</em>
 *       {@link EmitException} instead of hanging. A handler must therefore not block waiting for
 *       another thread that emits on this bus (that thread would wait for the handler).</li>
 * </ul>
 * An emit from inside a handler (a re-entrant emit, on the dispatching thread) does not deadlock:
 * the event is appended to the history at once and its future completes at once, but it is
 * delivered to handlers and stream only after the event being dispatched has reached every
 * handler, which keeps the history order above.
 *
 * <p><b>Subscriptions.</b> {@link #subscribe(EventType, EventHandler)},
 * {@link #subscribe(Domain, EventHandler)} and {@link #subscribeAll(EventHandler)} may be called
 * from any thread at any time, including from a handler. A handler receives every event whose
 * emit began after {@code subscribe} returned; a subscription closed while an event is being
 * dispatched may still receive that event, never a later one.
 *
 * <p><b>Stream.</b> See {@link #stream()}: back-pressure with a bounded buffer per subscriber;
 * a subscriber whose buffer stays full for {@link InMemoryEventBusConfig#slowSubscriberTimeout()}
 * is dropped with {@link SlowSubscriberException} so that emit never blocks for long.
 *
 * <p><b>Memory.</b> The history keeps every event until {@link #clear()}: meant for tests and
 * short-lived processes.
 *
 * <p>Thread-safe.
 */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final InMemoryEventBusConfig config;
    private final Consumer<HandlerFailure> failureListener;
    private final Map<Domain, String> topics = new EnumMap<>(Domain.class);
    private final EventStream stream;

    /** Serializes append + dispatch; re-entrant so a handler may emit. */
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final ArrayDeque<DomainEvent> pending = new ArrayDeque<>(); // guarded by dispatchLock
    private boolean dispatching; // guarded by dispatchLock
    private long nextOffset; // guarded by dispatchLock

    private final List<DomainEvent> history = new ArrayList<>(); // guarded by itself
    private final List<HandlerFailure> failures = new CopyOnWriteArrayList<>();
    private final Subscribers subscribers = new Subscribers();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A bus with {@link InMemoryEventBusConfig#defaults()} and no failure listener. */
    public InMemoryEventBus() {
        this(InMemoryEventBusConfig.defaults());
    }

    /** A bus with the given settings and no failure listener. */
    public InMemoryEventBus(InMemoryEventBusConfig config) {
        this(config, null);
    }

    /**
     * A bus with the given settings.
     *
     * @param failureListener called (on the emitting thread, with no other handler running) for each
     *                        handler failure, after it is recorded and logged; may be null. What it
     *                        throws is logged and otherwise ignored.
     */
    public InMemoryEventBus(InMemoryEventBusConfig config, Consumer<HandlerFailure> failureListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.failureListener = failureListener;
        for (Domain domain : Domain.values()) {
            topics.put(domain, domain.topic(config.topicPrefix()));
        }
        this.stream = new EventStream(config.streamBufferCapacity(), config.slowSubscriberTimeout());
    }

    public InMemoryEventBusConfig config() {
        return config;
    }

    /**
     * Emits one event synchronously (see the class description).
     *
     * @return a completed future; failed with a non-retriable {@link EmitException} for an UNKNOWN
     *         event or a closed bus, with a retriable one if the emit waited longer than the
     *         dispatch timeout or was interrupted while waiting. Never throws, except an
     *         {@link Error} thrown by a handler.
     */
    @Override
    public CompletableFuture<EmitResult> emit(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        if (!event.type().isKnown()) {
            return refused(event, "type UNKNOWN is only ever read, never emitted", false, null);
        }
        if (closed.get()) {
            return refused(event, "the event bus is closed", false, null);
        }
        CompletableFuture<EmitResult> notLocked = lockForEmit(event);
        if (notLocked != null) {
            return notLocked;
        }
        EmitResult result;
        try {
            if (closed.get()) {
                return refused(event, "the event bus is closed", false, null);
            }
            result = append(event);
            if (!dispatching) { // else: re-entrant emit, delivered once the current event has reached every handler
                drainPending();
            }
        } finally {
            dispatchLock.unlock();
        }
        return CompletableFuture.completedFuture(result);
    }

    private CompletableFuture<EmitResult> lockForEmit(DomainEvent event) {
        if (dispatchLock.tryLock()) { // free, or held by this thread (a re-entrant emit): no wait, interrupted or not
            return null;
        }
        try {
            if (dispatchLock.tryLock(config.dispatchTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
            return refused(event, "another thread has been dispatching for more than " + config.dispatchTimeout().toMillis()
                    + " ms (does a handler wait for a thread that emits on this bus?)", true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused(event, "interrupted while waiting for another thread's dispatch", true, e);
        }
    }

    private static CompletableFuture<EmitResult> refused(DomainEvent event, String reason, boolean retriable, Throwable cause) {
        return CompletableFuture.failedFuture(new EmitException("event " + event.eventId() + " ("
                + event.type().wireName() + ") not emitted: " + reason, retriable, cause));
    }

    private EmitResult append(DomainEvent event) {
        long offset = nextOffset++;
        synchronized (history) {
            history.add(event);
        }
        pending.add(event);
        return new EmitResult(topics.get(event.type().domain()), 0, offset, event.eventId());
    }

    private void drainPending() {
        dispatching = true;
        try {
            DomainEvent next;
            while ((next = pending.poll()) != null) {
                dispatch(next);
            }
        } finally {
            dispatching = false;
        }
    }

    private void dispatch(DomainEvent event) {
        subscribers.forEachMatching(event, (subscription, handler) -> invoke(subscription, handler, event));
        stream.publish(event);
    }

    /** The one place handler code runs. */
    private void invoke(Subscription subscription, EventHandler handler, DomainEvent event) {
        try {
            handler.handle(event);
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

    /**
     * Calls {@code handler} for every event of one type emitted from now on.
     *
     * @throws IllegalArgumentException for {@link EventType#UNKNOWN}, which is never emitted
     * @throws IllegalStateException    if the bus is closed
     */
    @Override
    public Subscription subscribe(EventType type, EventHandler handler) {
        Objects.requireNonNull(type, "type");
        if (!type.isKnown()) {
            throw new IllegalArgumentException("cannot subscribe to type UNKNOWN: it is never emitted");
        }
        return register(type, null, "type " + type.wireName(), handler);
    }

    /**
     * Calls {@code handler} for every event of one domain emitted from now on.
     *
     * @throws IllegalStateException if the bus is closed
     */
    @Override
    public Subscription subscribe(Domain domain, EventHandler handler) {
        Objects.requireNonNull(domain, "domain");
        return register(null, domain, "domain " + domain.wireName(), handler);
    }

    /**
     * Calls {@code handler} for every event emitted from now on.
     *
     * @throws IllegalStateException if the bus is closed
     */
    public Subscription subscribeAll(EventHandler handler) {
        return register(null, null, "all events", handler);
    }

    private Subscription register(EventType type, Domain domain, String target, EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        checkOpen();
        Subscription subscription = subscribers.add(type, domain, target, handler);
        if (closed.get()) { // closed while subscribing
            subscription.close();
            checkOpen();
        }
        return subscription;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the event bus is closed: cannot subscribe");
        }
    }

    /**
     * Every event emitted from now on, as a reactive stream. Each {@link Flow.Subscriber} receives
     * the events in history order, on a stream thread (never the emitting thread), no more than it
     * has requested. Events it has not requested yet wait in its own buffer of
     * {@link InMemoryEventBusConfig#streamBufferCapacity()} events.
     *
     * <p><b>Slow subscribers.</b> When a subscriber's buffer is full, the emit waits up to
     * {@link InMemoryEventBusConfig#slowSubscriberTimeout()} for room (back-pressure on the
     * emitter); if there is still none, the subscriber is dropped: its subscription is cancelled and
     * it receives {@code onError(}{@link SlowSubscriberException}{@code )}, after any {@code onNext}
     * in progress has returned. Other subscribers and the emit are unaffected. So an emit never
     * waits more than the timeout once per slow subscriber.
     *
     * <p>{@link #close()} completes the stream: each subscriber receives {@code onComplete} once it
     * has taken the events already in its buffer; one that subscribes after close receives
     * {@code onComplete} at once. Emitting from a subscriber is allowed (it is an emit from another
     * thread).
     *
     * @return the same publisher on every call
     */
    public Flow.Publisher<DomainEvent> stream() {
        return stream;
    }

    /** Every event emitted (since the last {@link #clear()}), in emit order; an immutable snapshot. */
    public List<DomainEvent> emitted() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The emitted events of one type, in emit order; an immutable snapshot. */
    public List<DomainEvent> emitted(EventType type) {
        Objects.requireNonNull(type, "type");
        synchronized (history) {
            return history.stream().filter(event -> event.type() == type).toList();
        }
    }

    /** Handler failures (since the last {@link #clear()}), in the order they happened; an immutable snapshot. */
    public List<HandlerFailure> failures() {
        return List.copyOf(failures);
    }

    /** Forgets the history and the failures. Offsets keep counting, as a Kafka log's do after old records are deleted. */
    public void clear() {
        synchronized (history) {
            history.clear();
        }
        failures.clear();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the bus: later emits fail with a non-retriable {@link EmitException}, every subscription
     * becomes inactive, and the stream completes after a dispatch in progress on another thread has
     * finished (waiting at most the dispatch timeout). The history stays readable. Idempotent; may be
     * called from a handler.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscribers.closeAll();
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
            if (dispatchLock.tryLock(config.dispatchTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("closing the in-memory event bus although another thread has been dispatching for more than {} ms",
                    config.dispatchTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closing the in-memory event bus without waiting for a dispatch in progress: interrupted");
        }
        return false;
    }

    @Override
    public String toString() {
        return "InMemoryEventBus[" + (closed.get() ? "closed" : "open") + ", " + subscribers.size() + " subscriptions, "
                + stream.subscriberCount() + " stream subscribers]";
    }
}
