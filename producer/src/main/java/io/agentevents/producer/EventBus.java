package io.agentevents.producer;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Emits {@link DomainEvent}s: the contract every bus of the platform keeps ({@code KafkaEventBus},
 * {@code InMemoryEventBus}, {@code LoggingEventBus}), as Kafka's {@code Producer} is kept by
 * {@code KafkaProducer} and {@code MockProducer}.
 *
 * <p><b>Emitting only.</b> Receiving events is apart, as Kafka keeps consumers apart from
 * producers, and uses one listener type everywhere ({@code io.agentevents.api.EventListener}): the
 * in-process buses deliver to listeners through {@code io.agentevents.api.Subscribable}; on Kafka,
 * listeners are registered with an {@code EventSubscriber} (module {@code consumer-sdk}) in a
 * consumer group the caller names. No bus creates consumer groups.
 *
 * <p><b>Thread safety.</b> Every method may be called from any number of threads at once.
 *
 * <p><b>Ordering.</b> Events emitted with the same correlation id, from one thread, one after the
 * other, land in that order and so reach listeners in that order (on Kafka: those of one domain
 * land on one partition of its topic, in order). Nothing is promised between correlation ids.
 *
 * <p><b>Delivery.</b> {@link #emit} is asynchronous: its future completes with where the event
 * landed once the bus holds it durably (on Kafka: acknowledged by all in-sync replicas), or
 * exceptionally with an {@link EmitException} saying why; an event is never silently dropped.
 * {@link EmitException#retriable()} tells whether emitting the same event again may succeed
 * (a broker or registry that is down or slow) or cannot (an invalid event, a schema refused by
 * the registry, a closed bus). Retrying with the same event id is safe: consumers can deduplicate
 * by it.
 *
 * <p><b>Invalid input</b> never reaches the wire: an event that breaks the contract cannot be
 * built, and an event of type {@link EventType#UNKNOWN} is refused by {@code emit}.
 */
public interface EventBus extends AutoCloseable {

    /** How long {@link #emitAndWait(DomainEvent)} waits when no timeout is given. */
    Duration DEFAULT_EMIT_WAIT = Duration.ofSeconds(60);

    /**
     * Emits one event.
     *
     * @return a future of where the event landed; completes exceptionally with an
     *         {@link EmitException} (never throws)
     */
    CompletableFuture<EmitResult> emit(DomainEvent event);

    /**
     * Emits one event and waits at most {@code timeout} for it to land.
     *
     * @throws EmitException if the emit failed, or did not finish in time ({@code retriable})
     */
    default EmitResult emitAndWait(DomainEvent event, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<EmitResult> future = emit(event);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw EmitException.wrap(event, e.getCause());
        } catch (TimeoutException e) {
            throw new EmitException("event " + event.eventId() + " (" + event.type().wireName()
                    + ") not acknowledged within " + timeout.toMillis() + " ms; it may still land", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmitException("interrupted while emitting event " + event.eventId(), true, e);
        }
    }

    /** Emits one event and waits at most {@link #DEFAULT_EMIT_WAIT} (or the bus's own bound) for it to land. */
    default EmitResult emitAndWait(DomainEvent event) {
        return emitAndWait(event, DEFAULT_EMIT_WAIT);
    }

    /**
     * Emits a batch in list order (so events of one correlation id keep their order).
     *
     * @return a future of the results in list order; completes exceptionally with the first
     *         failure if any event fails (the others may still have landed: each has its own outcome)
     */
    default CompletableFuture<List<EmitResult>> emitAll(List<DomainEvent> events) {
        Objects.requireNonNull(events, "events");
        List<CompletableFuture<EmitResult>> futures = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            futures.add(emit(event));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Releases the bus: waits for emitted events to land (bounded by the bus's own timeouts), then
     * stops. Later emits fail with a non-retriable {@link EmitException}. Idempotent.
     */
    @Override
    void close();
}
