package io.agentevents.producer.inprocess;

import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.DomainEvent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The emits of an {@link InMemoryEventBus} without auto-completion that wait for the test to
 * complete or fail them, oldest first (as Kafka's {@code MockProducer} keeps its incomplete sends).
 * Once closed it takes no more. Thread-safe.
 */
final class PendingEmits {
    /** One emit waiting: its event and the future its caller holds. */
    /** An emit that waits, with the emitter's OpenTelemetry context (current again when it lands). */
    record Pending(DomainEvent event, CompletableFuture<EmitResult> future, io.opentelemetry.context.Context context) {
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    /** Queues an emit; false if {@link #close()} was called (the caller then refuses it). */
    synchronized boolean add(Pending pending) {
        if (closed) {
            return false;
        }
        queue.add(pending);
        return true;
    }

    /** The oldest waiting emit, removed, or null. */
    synchronized Pending poll() {
        return queue.poll();
    }

    /** The events waiting, oldest first; an immutable snapshot. */
    synchronized List<DomainEvent> events() {
        return queue.stream().map(Pending::event).toList();
    }

    synchronized int size() {
        return queue.size();
    }

    /** Takes no more emits and hands back those still waiting, oldest first. */
    synchronized List<Pending> close() {
        closed = true;
        List<Pending> left = List.copyOf(queue);
        queue.clear();
        return left;
    }
}
