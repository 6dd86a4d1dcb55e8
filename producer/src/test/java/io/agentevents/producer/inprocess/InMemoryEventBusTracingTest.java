package io.agentevents.producer.inprocess;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process bus carries the emitter's trace to its listeners, as a Kafka subscriber carries traceparent. */
class InMemoryEventBusTracingTest {
    private static final SpanContext EMITTER = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void listenersAndTheEventsTheyEmitRunInTheEmittersTrace() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            bus.subscribe(EventType.TOOL_INVOKED, (event, delivery) -> {
                seen.add("invoked " + Span.current().getSpanContext().getTraceId());
                bus.emit(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("runner").causationId(event.eventId()).build());
            });
            bus.subscribe(EventType.TOOL_SUCCEEDED, (event, delivery) ->
                    seen.add("succeeded " + Span.current().getSpanContext().getTraceId()));
            try (Scope scope = Span.wrap(EMITTER).makeCurrent()) {
                bus.emit(DomainEvent.builder(EventType.TOOL_INVOKED).source("planner").build()).join();
            }
            // the re-entrant emit is delivered after the first event's listeners returned: still in the trace
            assertThat(seen).containsExactly("invoked " + EMITTER.getTraceId(), "succeeded " + EMITTER.getTraceId());
            assertThat(Span.current().getSpanContext().isValid()).as("nothing left current on this thread").isFalse();
        }
    }

    @Test
    void anEmitCompletedLaterByAnotherThreadIsDeliveredInTheEmittersTrace() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (InMemoryEventBus bus = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withAutoComplete(false))) {
            bus.subscribe(EventType.PLAN_CREATED, (event, delivery) -> seen.add(Span.current().getSpanContext().getTraceId()));
            CompletableFuture<?> emitted;
            try (Scope scope = Span.wrap(EMITTER).makeCurrent()) {
                emitted = bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").build());
            }
            Thread completer = new Thread(bus::completeNext); // a thread outside the trace
            completer.start();
            completer.join();
            emitted.join();
            assertThat(seen).containsExactly(EMITTER.getTraceId());
        }
    }
}
