package io.agentevents.producer.inprocess;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.api.Subscribable;
import io.agentevents.api.Subscription;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An in-process {@link EventBus}: records every emitted event and delivers it synchronously to
 * {@link EventListener}s and asynchronously to a reactive {@link #stream()}. The test double of the
 * platform (as Kafka's {@code MockProducer} is of {@code KafkaProducer}), and a bus for
 * single-process use.
 *
 * <p><b>Emit.</b> {@link #emit} refuses an event of type {@link EventType#UNKNOWN} and any event
 * after {@link #close()} (the future fails with a non-retriable {@link EmitException}). Otherwise the
 * event <em>lands</em>: it is appended to the history, every active listener subscribed to its type,
 * its domain or everything is called on the emitting thread, in subscription order, it is offered
 * to the stream, and the future completes with an {@link EmitResult}: topic
 * {@code <prefix>.<domain>} (as on Kafka), partition 0, offset = the event's position in the
 * history since the bus was created (0, 1, 2, ...; {@link #clear()} does not reset it). Listeners
 * get the same position in their {@link Delivery} (attempt 1, not replayed).
 *
 * <p><b>Deciding how each emit ends (tests).</b> With
 * {@link InMemoryEventBusConfig#withAutoComplete(boolean) autoComplete} off, like Kafka's
 * {@code MockProducer(autoComplete=false)}, an emit that is not refused waits instead of landing:
 * its future stays incomplete and the event is listed by {@link #pending()} until the test calls
 * {@link #completeNext()} (the oldest waiting emit lands, on the caller's thread, as above) or
 * {@link #failNext(Throwable)} (its future fails with an {@link EmitException} caused by the given
 * error, classified retriable or not as a failed Kafka emit is; the event never lands, so no
 * listener sees it). A service that blocks in {@code emitAndWait} is driven from another thread.
 *
 * <p><b>Listener failures.</b> A listener that throws an {@link Exception} does not stop the other
 * listeners nor fail the emit (the event landed): the failure is recorded as a
 * {@link HandlerFailure} ({@link #failures()}), passed to the failure listener given at
 * construction, if any, and logged once at WARN. An {@link Error} (a failed test assertion, a
 * broken JVM) is not caught: it propagates out of {@code emit} (or {@code completeNext}) on that
 * thread; the event stays in the history and events still waiting for dispatch are delivered by the
 * next emit.
 *
 * <p><b>Ordering and threads.</b> Appending to the history and dispatching to listeners and stream
 * happen under one bus-wide lock, so:
 * <ul>
 *   <li>every listener and every stream subscriber sees events in history order: one total order
 *       per bus, which includes the emit order of each thread (and so of each correlation id
 *       emitted from one thread); between threads the order is whichever emit took the lock first;</li>
 *   <li>listeners of one bus never run concurrently, so a listener needs no synchronization of its
 *       own against other listeners of the same bus;</li>
 *   <li>emits from other threads wait while a listener runs; an emit that waited longer than
 *       {@link InMemoryEventBusConfig#dispatchTimeout()} fails with a <em>retriable</em>
 *       {@link EmitException} instead of hanging. A listener must therefore not block waiting for
 *       another thread that emits on this bus (that thread would wait for the listener).</li>
 * </ul>
 * An emit from inside a listener (a re-entrant emit, on the dispatching thread) does not deadlock:
 * the event lands at once and its future completes at once, but it is delivered to listeners and
 * stream only after the event being dispatched has reached every listener, which keeps the history
 * order above.
 *
 * <p><b>Subscriptions</b> ({@link Subscribable}) may be made from any thread at any time, including
 * from a listener. A listener receives every event that lands after {@code subscribe} returned; a
 * subscription closed while an event is being dispatched may still receive that event, never a
 * later one. The listeners are the same type the Kafka {@code EventSubscriber} calls.
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
public final class InMemoryEventBus implements EventBus, Subscribable {
    private final InMemoryEventBusConfig config;
    private final EventStream stream;
    private final ListenerCalls calls;
    private final Subscribers subscribers = new Subscribers();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EventLog log;
    private final PendingEmits pendingEmits = new PendingEmits();

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
     * @param failureListener called (on the dispatching thread, with no other listener running) for
     *                        each listener failure, after it is recorded and logged; may be null.
     *                        What it throws is logged and otherwise ignored.
     */
    public InMemoryEventBus(InMemoryEventBusConfig config, Consumer<HandlerFailure> failureListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.calls = new ListenerCalls(failureListener);
        this.stream = new EventStream(config.streamBufferCapacity(), config.slowSubscriberTimeout());
        this.log = new EventLog(config, subscribers, calls, stream, closed);
    }

    public InMemoryEventBusConfig config() {
        return config;
    }

    /**
     * Emits one event (see the class description): it lands at once, or with auto-completion off
     * when the test completes or fails it.
     *
     * @return a future that fails with a non-retriable {@link EmitException} for an UNKNOWN event or
     *         a closed bus, with a retriable one if the emit waited longer than the dispatch timeout
     *         or was interrupted while waiting. Never throws, except an {@link Error} thrown by a
     *         listener.
     */
    @Override
    public CompletableFuture<EmitResult> emit(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        if (!event.type().isKnown()) {
            return CompletableFuture.failedFuture(refusal(event, "type UNKNOWN is only ever read, never emitted"));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(refusal(event, "the event bus is closed"));
        }
        CompletableFuture<EmitResult> future = new CompletableFuture<>();
        if (config.autoComplete()) {
            log.land(event, future);
        } else if (!pendingEmits.add(new PendingEmits.Pending(event, future, io.opentelemetry.context.Context.current()))) {
            future.completeExceptionally(refusal(event, "the event bus is closed"));
        }
        return future;
    }

    /**
     * Lands the oldest emit that waits (auto-completion off): appends its event to the history,
     * delivers it to the listeners and the stream on this thread, and completes its future with
     * where it landed.
     *
     * @return false if no emit was waiting
     */
    public boolean completeNext() {
        PendingEmits.Pending next = pendingEmits.poll();
        if (next == null) {
            return false;
        }
        try (io.opentelemetry.context.Scope scope = next.context().makeCurrent()) { // the emitter's trace, not this thread's
            log.land(next.event(), next.future());
        }
        return true;
    }

    /**
     * Fails the oldest emit that waits (auto-completion off), as a failed Kafka emit fails: its future
     * completes exceptionally with an {@link EmitException} naming the event and its topic, caused by
     * {@code cause} and {@linkplain EmitException#retriable() retriable} when the cause is (e.g. Kafka's
     * {@code TimeoutException}); an {@code EmitException} is passed on as it is. The event never
     * lands: it is not in the history and no listener sees it.
     *
     * @return false if no emit was waiting
     */
    public boolean failNext(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        PendingEmits.Pending next = pendingEmits.poll();
        if (next == null) {
            return false;
        }
        DomainEvent event = next.event();
        next.future().completeExceptionally(EmitException.wrap(event, cause, log.topic(event.domain())));
        return true;
    }

    /** The events of the emits that wait for {@link #completeNext()} or {@link #failNext}, oldest first; an immutable snapshot. */
    public List<DomainEvent> pending() {
        return pendingEmits.events();
    }

    /**
     * Calls {@code listener} for every event of one type that lands from now on.
     *
     * @throws IllegalArgumentException for {@link EventType#UNKNOWN}, which is never emitted
     * @throws IllegalStateException    if the bus is closed
     */
    @Override
    public Subscription subscribe(EventType type, EventListener listener) {
        Objects.requireNonNull(type, "type");
        if (!type.isKnown()) {
            throw new IllegalArgumentException("cannot subscribe to type UNKNOWN: it is never emitted");
        }
        return register(type, null, "type " + type.wireName(), listener);
    }

    /**
     * Calls {@code listener} for every event of one domain that lands from now on.
     *
     * @throws IllegalStateException if the bus is closed
     */
    @Override
    public Subscription subscribe(Domain domain, EventListener listener) {
        Objects.requireNonNull(domain, "domain");
        return register(null, domain, "domain " + domain.wireName(), listener);
    }

    /**
     * Calls {@code listener} for every event that lands from now on.
     *
     * @throws IllegalStateException if the bus is closed
     */
    @Override
    public Subscription subscribeAll(EventListener listener) {
        return register(null, null, "all events", listener);
    }

    private Subscription register(EventType type, Domain domain, String target, EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        Subscription subscription = subscribers.add(type, domain, target, listener);
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
     * Every event that lands from now on, as a reactive stream. Each {@link Flow.Subscriber} receives
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

    /** Every event that landed (since the last {@link #clear()}), in history order; an immutable snapshot. */
    public List<DomainEvent> emitted() {
        return log.events();
    }

    /** The landed events of one type, in history order; an immutable snapshot. */
    public List<DomainEvent> emitted(EventType type) {
        Objects.requireNonNull(type, "type");
        return log.events(type);
    }

    /** Listener failures (since the last {@link #clear()}), in the order they happened; an immutable snapshot. */
    public List<HandlerFailure> failures() {
        return calls.failures();
    }

    /**
     * Forgets the history and the failures; emits still {@link #pending()} stay. Offsets keep
     * counting, as a Kafka log's do after old records are deleted.
     */
    public void clear() {
        log.clear();
        calls.clear();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the bus: later emits fail with a non-retriable {@link EmitException}, and so do emits
     * still {@link #pending()} (nothing is left hanging); every subscription becomes inactive, and
     * the stream completes after a dispatch in progress on another thread has finished (waiting at
     * most the dispatch timeout). The history stays readable. Idempotent; may be called from a
     * listener.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscribers.closeAll();
        for (PendingEmits.Pending left : pendingEmits.close()) {
            left.future().completeExceptionally(refusal(left.event(),
                    "the event bus was closed before the emit was completed or failed"));
        }
        log.closeStream();
    }

    private static EmitException refusal(DomainEvent event, String reason) {
        return EventLog.refusal(event, reason, false, null);
    }

    @Override
    public String toString() {
        return "InMemoryEventBus[" + (closed.get() ? "closed" : "open") + ", " + subscribers.size() + " subscriptions, "
                + stream.subscriberCount() + " stream subscribers" + (config.autoComplete() ? "" : ", "
                + pendingEmits.size() + " emits pending") + "]";
    }
}
