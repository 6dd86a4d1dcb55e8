package io.agentevents.benchmarks;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;

/**
 * Fan-out of {@link InMemoryEventBus#emit(DomainEvent)}: one thread emits a typical, already built
 * {@code plan.phase_changed} event to a bus with {@link #subscribers} handlers that all want it, a
 * third each subscribed by type, by domain ({@code plan}) and to everything, so every kind of
 * subscription is matched. Each emit appends the event to the history, calls every handler on the
 * emitting thread under the bus lock, offers it to the (unsubscribed) reactive stream, and returns a
 * completed future of its {@link EmitResult}. A handler only counts what it received, so the time is
 * the bus's own dispatch cost.
 *
 * <p>The bus keeps every event until {@link InMemoryEventBus#clear()}; the benchmark clears it every
 * {@value #CLEAR_EVERY} emits, as a long-running user of the bus has to, so the measured cost
 * includes that amortized clearing (one array slot each) and memory stays flat.
 *
 * <p>Time per emit in ns; bytes allocated per emit with {@code -prof gc}.
 */
@State(Scope.Thread)
public class InMemoryEventBusBenchmark extends PerEventBenchmark {

    static final int CLEAR_EVERY = 1_024;

    /** How many handlers receive each event. */
    @Param({"1", "10", "100"})
    public int subscribers;

    private InMemoryEventBus bus;
    private DomainEvent event;
    private int sinceClear;
    long delivered;

    @Setup
    public void setUp() {
        bus = new InMemoryEventBus();
        event = TypicalEvents.phaseChanged();
        for (int i = 0; i < subscribers; i++) {
            switch (i % 3) {
                case 0 -> bus.subscribe(EventType.PLAN_PHASE_CHANGED, (received, delivery) -> delivered++);
                case 1 -> bus.subscribe(event.domain(), (received, delivery) -> delivered++);
                default -> bus.subscribeAll((received, delivery) -> delivered++);
            }
        }
    }

    @TearDown
    public void tearDown() {
        bus.close();
        if (!bus.failures().isEmpty()) {
            throw new IllegalStateException("handlers failed: " + bus.failures());
        }
    }

    @Benchmark
    public CompletableFuture<EmitResult> emit() {
        if (++sinceClear == CLEAR_EVERY) {
            bus.clear();
            sinceClear = 0;
        }
        return bus.emit(event);
    }
}
