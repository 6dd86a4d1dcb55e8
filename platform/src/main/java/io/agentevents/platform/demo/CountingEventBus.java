package io.agentevents.platform.demo;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.DomainEvent;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventBus} that records in {@link EmittedCounts} every event its delegate acknowledged, so
 * the library's services (which take a bus) count what they emit. Closing it leaves the delegate open.
 */
final class CountingEventBus implements EventBus {
    private final EventBus delegate;
    private final EmittedCounts counts;

    CountingEventBus(EventBus delegate, EmittedCounts counts) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.counts = Objects.requireNonNull(counts, "counts");
    }

    @Override
    public CompletableFuture<EmitResult> emit(DomainEvent event) {
        return delegate.emit(event).thenApply(landed -> {
            counts.emitted(event);
            return landed;
        });
    }

    @Override
    public void close() {
        // the delegate belongs to the caller
    }
}
